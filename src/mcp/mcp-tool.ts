import type { z } from 'zod';
import type { McpToolName } from '../domain/mcp-tool-names.js';
import type { AgentPolicy } from '../domain/policy.js';
import type { McpDeps } from './mcp-deps.js';

/** What a tool call came to: data for the agent (structuredContent), or a refusal with a code. */
export type ToolAnswer =
  | { ok: true; data: Record<string, unknown> }
  | { ok: false; code: string; message: string };

/** Honest hints to clients (MCP ToolAnnotations): what a tool does to the world. */
export type ToolHints = {
  readOnlyHint: boolean;
  destructiveHint: boolean;
  idempotentHint: boolean;
  openWorldHint: boolean;
};

/**
 * One MCP tool: its static name, description (never built from data) and zod input and output schemas,
 * and what it runs for an agent. `larkgate mcp pins` hashes everything but `run` and `annotations`.
 */
export type McpTool<I = unknown> = {
  name: McpToolName;
  title: string;
  description: string;
  input: z.ZodType<I>;
  output: z.ZodType;
  annotations: ToolHints;
  run(args: I, agent: AgentPolicy, deps: McpDeps): Promise<ToolAnswer>;
};

/** Keeps a tool's argument type while listing it among others. */
export function defineTool<I>(tool: McpTool<I>): McpTool<unknown> {
  return tool as unknown as McpTool<unknown>;
}
