import { describe, expect, it } from 'vitest';
import { computeToolPin } from './describe-tool.js';
import { evaluateMcpServing } from './evaluate-mcp-serving.js';
import { MCP_TOOLS } from './mcp-tools.js';

const pins = Object.fromEntries(MCP_TOOLS.map((tool) => [tool.name, computeToolPin(tool)]));

describe('evaluateMcpServing (fail closed)', () => {
  it('serves when a policy is in force and every tool matches its pin', () => {
    expect(evaluateMcpServing({ policyProblem: null, pins, tools: MCP_TOOLS })).toBeNull();
  });

  it.each([
    ['no policy', { policyProblem: 'cannot load', pins }, /no policy in force/],
    ['no pins', { policyProblem: null, pins: null }, /no tool pins/],
    [
      'a drifted pin',
      { policyProblem: null, pins: { ...pins, change_request: '0'.repeat(64) } },
      /change_request/,
    ],
    ['a missing pin', { policyProblem: null, pins: { ...pins, bases_list: undefined } }, /bases_list/],
  ])('refuses with %s', (_what, input, why) => {
    expect(evaluateMcpServing({ ...input, tools: MCP_TOOLS })).toMatch(why);
  });

  it('pins change when a description changes', () => {
    const [first] = MCP_TOOLS;
    if (!first) throw new Error('no tools');
    expect(computeToolPin({ ...first, description: `${first.description} ` })).not.toBe(
      computeToolPin(first),
    );
  });
});
