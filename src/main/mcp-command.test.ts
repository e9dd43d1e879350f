import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runCommand } from '../../test/helpers/run-command.js';
import { MCP_TOOL_NAMES } from '../domain/mcp-tool-names.js';
import { computeToolPin } from '../mcp/describe-tool.js';
import { MCP_TOOLS } from '../mcp/mcp-tools.js';
import { registerMcpCommand } from './mcp-command.js';

describe('larkgate mcp', () => {
  it('pins: prints mcp.pins as YAML, the SHA-256 of every tool', async () => {
    const result = await runCommand(registerMcpCommand, ['mcp', 'pins']);

    expect(result.code).toBe(0);
    const pins = parse(result.out).mcp.pins as Record<string, string>;
    expect(Object.keys(pins)).toEqual([...MCP_TOOL_NAMES]);
    for (const tool of MCP_TOOLS) expect(pins[tool.name]).toBe(computeToolPin(tool));
  });

  it('without --config and --agent: the usage, exit 2', async () => {
    const result = await runCommand(registerMcpCommand, ['mcp']);

    expect(result.code).toBe(2);
    expect(result.err).toContain('larkgate mcp --config <file> --agent <id>');
  });
});
