import type { McpToolName } from '../domain/mcp-tool-names.js';
import { computeToolPin } from './describe-tool.js';
import type { McpTool } from './mcp-tool.js';

/**
 * Whether the MCP endpoint may serve, fail closed: not without a policy in force, not without pins, and not
 * when any tool it would serve differs from its pin (a tool's text or schema changed since it was
 * reviewed). Null when it may; else why not, in words for /readyz.
 */
export function evaluateMcpServing(input: {
  policyProblem: string | null;
  pins: Partial<Record<McpToolName, string>> | null;
  tools: readonly McpTool[];
}): string | null {
  if (input.policyProblem !== null) return `no policy in force: ${input.policyProblem}`;
  if (input.pins === null) return 'no tool pins in the config (mcp.pins; `larkgate mcp pins` prints them)';
  const pins = input.pins;
  const drifted = input.tools.filter((tool) => pins[tool.name] !== computeToolPin(tool)).map((t) => t.name);
  if (drifted.length > 0)
    return `served tools differ from their pins: ${drifted.join(', ')} (check the change, then update mcp.pins from \`larkgate mcp pins\`)`;
  return null;
}
