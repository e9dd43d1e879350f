/** Refusal points of the MCP gate (besides the guard's agent_* denials and auth.mcp_token_*). */
export const MCP_PROBE_REFUSALS = [
  'mcp.tool_hidden',
  'mcp.tool_not_listed',
  'mcp.tool_unknown',
  'mcp.pin_drift',
  'mcp.data_not_instructions',
  'mcp.agent_rate_limited',
  'mcp.agent_not_in_policy',
] as const;
