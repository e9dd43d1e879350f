import { describe, expect, it } from 'vitest';
import { makeBase } from '../../test/builders/make-policy.js';
import type { Tier } from '../domain/tiers.js';
import { AgentConfig } from './agent-config.js';
import { buildAgentPolicies } from './build-agent-policies.js';
import { ConfigError } from './config-error.js';
import type { LarkgateConfig } from './larkgate-config.js';

function configWith(agent: Record<string, unknown>): LarkgateConfig {
  const parsed = AgentConfig.parse({
    id: 'cowork',
    token: 'secret://env/COWORK_TOKEN',
    on_behalf_of: 'ou_alice',
    tools: ['records_get', 'change_request'],
    bases: { crm: 'write' },
    ...agent,
  });
  return { agents: [parsed], chats: { requests: ['oc_requests'] } } as unknown as LarkgateConfig;
}

const bases = (tier: Tier = 'L2', extra = {}) => [makeBase({ tier, ...extra })];

function refusal(agent: Record<string, unknown>, tier: Tier = 'L2', extra = {}): string | null {
  try {
    buildAgentPolicies(configWith(agent), bases(tier, extra), 'larkgate.yaml');
    return null;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    expect(error.code).toBe('config.agent_violation');
    return error.problem;
  }
}

describe('agents in larkgate.yaml are refused when looser than the tier allows', () => {
  it('accepts write on an L2 base with approvers besides the sponsor', () => {
    expect(refusal({})).toBeNull();
  });

  it.each([
    ['write on an L1 (read-only) base', {}, 'L1' as Tier, {}, /writes are refused/],
    ['write on an L4 (client-facing) base', {}, 'L4' as Tier, {}, /agents only read there/],
    [
      'a ceiling above the base’s',
      { max_records_per_request: 500 },
      'L2' as Tier,
      {},
      /more than crm allows/,
    ],
    [
      'a sponsor who may not ask there',
      {},
      'L2' as Tier,
      { requesters: ['ou_bob'] },
      /may not ask for writes/,
    ],
    [
      'too few approvers once the sponsor is left out',
      {},
      'L2' as Tier,
      { approvers: ['ou_alice'] },
      /besides the sponsor/,
    ],
    ['a base not in the config', { bases: { billing: 'read' } }, 'L2' as Tier, {}, /no base "billing"/],
    [
      'a chat that is not a requests chat',
      { requests_chat: 'oc_elsewhere' },
      'L2' as Tier,
      {},
      /chats.requests/,
    ],
  ])('refuses %s', (_what, agent, tier, extra, why) => {
    expect(refusal(agent, tier, extra)).toMatch(why);
  });

  it('lets an agent read an L4 base', () => {
    expect(refusal({ bases: { crm: 'read' } }, 'L4')).toBeNull();
  });
});
