import { createHash } from 'node:crypto';
import { z } from 'zod';
import { canonicalJson } from '../domain/canonical-json.js';
import type { McpTool } from './mcp-tool.js';

type ToolListing = ReturnType<typeof buildListing>;

/** Tools are static: each is described (and pinned) once, not on every request. */
const listings = new WeakMap<McpTool, ToolListing>();
const pins = new WeakMap<McpTool, string>();

/** A tool as `tools/list` shows it: static text, JSON Schemas from its zod schemas, honest annotations. */
export function describeTool(tool: McpTool): ToolListing {
  let listing = listings.get(tool);
  if (!listing) {
    listing = buildListing(tool);
    listings.set(tool, listing);
  }
  return listing;
}

function buildListing(tool: McpTool) {
  return {
    name: tool.name,
    title: tool.title,
    description: tool.description,
    inputSchema: z.toJSONSchema(tool.input, { io: 'input' }) as { type: 'object'; [key: string]: unknown },
    outputSchema: z.toJSONSchema(tool.output, { io: 'output' }) as { type: 'object'; [key: string]: unknown },
    annotations: { title: tool.title, ...tool.annotations },
  };
}

/** The pin of a tool: SHA-256 over its name, description and input and output schemas (canonical JSON). */
export function computeToolPin(tool: McpTool): string {
  let pin = pins.get(tool);
  if (!pin) {
    const { name, description, inputSchema, outputSchema } = describeTool(tool);
    pin = createHash('sha256')
      .update(canonicalJson({ name, description, inputSchema, outputSchema }))
      .digest('hex');
    pins.set(tool, pin);
  }
  return pin;
}
