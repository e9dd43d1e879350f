/** The MCP tools Larkgate serves to agents, by the names clients rely on (issue 13). */
export const MCP_TOOL_NAMES = [
  'bases_list',
  'records_search',
  'records_get',
  'change_request',
  'change_status',
  'rollback_request',
] as const;

export type McpToolName = (typeof MCP_TOOL_NAMES)[number];

/** The tools that ask for changes: an agent listing one needs write access to some base. */
export const MCP_WRITE_TOOLS: readonly McpToolName[] = ['change_request', 'rollback_request'];

export function isMcpToolName(name: string): name is McpToolName {
  return (MCP_TOOL_NAMES as readonly string[]).includes(name);
}
