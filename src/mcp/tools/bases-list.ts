import { z } from 'zod';
import { type AgentPolicy, findBase } from '../../domain/policy.js';
import type { McpDeps } from '../mcp-deps.js';
import { defineTool } from '../mcp-tool.js';

const Output = z.object({
  bases: z.array(
    z.object({
      base: z.string(),
      name: z.string(),
      tier: z.string(),
      stage: z.string(),
      access: z.enum(['read', 'write']),
      tables: z.array(z.string()),
    }),
  ),
});

/** The bases, tables, tiers and stages this agent may see: from policy, no Lark call. */
export const basesList = defineTool({
  name: 'bases_list',
  title: 'List bases',
  description:
    'Lists the Lark Base bases and tables this agent may use, with each base\'s risk tier, delivery stage and whether the agent may only read it ("read") or may also ask for changes ("write"). Changes are only ever asked for: people approve them in Lark.',
  input: z.object({}),
  output: Output,
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  async run(_args: Record<string, never>, agent: AgentPolicy, deps: McpDeps) {
    const policy = deps.policy();
    const bases = Object.entries(agent.bases).flatMap(([alias, access]) => {
      const base = findBase(policy, alias);
      return base
        ? [
            {
              base: alias,
              name: base.name,
              tier: base.tier,
              stage: base.stage,
              access,
              tables: [...base.tables],
            },
          ]
        : [];
    });
    return { ok: true, data: { bases } };
  },
});
