import { z } from 'zod';
import { MCP_TOOL_NAMES } from '../domain/mcp-tool-names.js';
import { SecretRef } from './secret-ref.js';

/**
 * One agent allowed through the MCP server (issue 13): who it acts for, the tools it may see, the bases it
 * may read or ask changes on, and its ceilings. Its bearer token is a secret:// reference: only the token's
 * SHA-256 is kept in memory, nothing of it is logged or audited.
 */
export const AgentConfig = z.strictObject({
  id: z.string().regex(/^[a-z][a-z0-9-]{0,30}$/, {
    message: 'an agent id is lower-case letters, digits and dashes, starting with a letter',
  }),
  token: SecretRef,
  on_behalf_of: z.string().regex(/^ou_[A-Za-z0-9_]+$/, { message: 'an open_id looks like ou_xxx' }),
  tools: z.array(z.enum(MCP_TOOL_NAMES)).min(1, { message: 'list the tools this agent may use' }),
  bases: z
    .record(z.string().min(1), z.enum(['read', 'write']))
    .refine((bases) => Object.keys(bases).length > 0, { message: 'list the bases this agent may use' }),
  max_requests_per_hour: z.number().int().min(1).max(1000).default(20),
  max_records_per_request: z.number().int().min(1).max(10_000).default(10),
  /** The requests chat its change requests' cards go to; default: the first of chats.requests. */
  requests_chat: z
    .string()
    .regex(/^oc_[A-Za-z0-9_]+$/, { message: 'a chat_id looks like oc_xxx' })
    .optional(),
});
export type AgentConfig = z.infer<typeof AgentConfig>;

/**
 * The MCP server's pins: the SHA-256 of each served tool's name, description and schemas (`larkgate mcp
 * pins` prints them). The endpoint serves only while every served tool matches its pin.
 */
export const McpConfig = z.strictObject({
  pins: z.partialRecord(z.enum(MCP_TOOL_NAMES), z.string().regex(/^[0-9a-f]{64}$/)).default({}),
});
export type McpConfig = z.infer<typeof McpConfig>;
