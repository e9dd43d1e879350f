import { describe, expect, it } from 'vitest';
import { makeBase, makePolicy } from '../../test/builders/make-policy.js';
import { makeRequest, T0 } from '../../test/builders/make-request.js';
import { type Actor, decide } from './guard.js';
import type { AgentPolicy } from './policy.js';

const cowork: AgentPolicy = {
  id: 'cowork',
  onBehalfOf: 'ou_alice',
  tools: ['records_get', 'change_request'],
  bases: { crm: 'write', sandbox: 'read' },
  maxRequestsPerHour: 20,
  maxRecordsPerRequest: 2,
  requestsChat: 'oc_requests',
};
const policy = makePolicy([makeBase(), makeBase({ alias: 'sandbox', appToken: 'app_sandbox' })], {
  agents: [cowork],
});
const context = { policy, now: T0, evidence: { lastPassingDrillAt: T0 - 1000 } };
const agent: Actor = { kind: 'agent', id: 'cowork', onBehalfOf: 'ou_alice' };

function codes(decision: ReturnType<typeof decide>): string[] {
  return decision.allow ? [] : decision.denials.map((denial) => denial.code);
}

function write(overrides: { actor?: Actor; base?: string; recordCount?: number } = {}) {
  return decide(
    {
      action: 'request-write',
      actor: overrides.actor ?? agent,
      chatId: null,
      chatType: null,
      base: overrides.base ?? 'crm',
      table: 'Tasks',
      op: 'update',
      recordCount: overrides.recordCount ?? 1,
    },
    context,
  );
}

describe('the guard judges agents by their own policy on top of everything a person is judged by', () => {
  it.each([
    ['a write request on a base it may write', {}, []],
    ['a write request on a base it may only read', { base: 'sandbox' }, ['agent_read_only']],
    ['more records than its ceiling', { recordCount: 3 }, ['agent_over_record_ceiling']],
    ['a base it is not given', { base: 'billing' }, ['unknown_base', 'agent_base_not_allowed']],
    [
      'an agent not in policy',
      { actor: { kind: 'agent', id: 'ghost', onBehalfOf: 'ou_alice' } as Actor },
      ['agent_not_allowed'],
    ],
    [
      'an agent claiming another sponsor',
      { actor: { kind: 'agent', id: 'cowork', onBehalfOf: 'ou_mallory' } as Actor },
      ['agent_not_allowed'],
    ],
  ])('%s', (_what, overrides, expected) => {
    expect(codes(write(overrides))).toEqual(expected);
  });

  it('judges the requester lists by the sponsor', () => {
    const listed = makePolicy([makeBase({ requesters: ['ou_bob'] })], { agents: [cowork] });
    const decision = decide(
      {
        action: 'request-write',
        actor: agent,
        chatId: null,
        chatType: null,
        base: 'crm',
        table: 'Tasks',
        op: 'update',
        recordCount: 1,
      },
      { ...context, policy: listed },
    );
    expect(codes(decision)).toEqual(['requester_not_allowed']);
  });

  it('refuses schema changes from agents', () => {
    const decision = decide(
      {
        action: 'request-schema',
        actor: agent,
        chatId: null,
        chatType: null,
        base: 'sandbox',
        table: 'tmp_x',
        op: 'field.create',
        recordCount: 0,
      },
      context,
    );
    expect(codes(decision)).toContain('agent_not_allowed');
  });

  it('never lets the sponsor approve the agent’s request, nor the agent vote', () => {
    const request = makeRequest({
      origin: { kind: 'agent', agentId: 'cowork', reason: 'tidy up' },
      requester: 'ou_alice',
      expiresAt: T0 + 60_000,
    });
    const sponsor = decide(
      {
        action: 'vote',
        actor: { kind: 'user', openId: 'ou_alice' },
        decision: 'approve',
        request,
        scopeHash: request.scopeHash,
      },
      context,
    );
    expect(sponsor).toMatchObject({
      allow: false,
      denials: [
        {
          code: 'self_approval',
          message: 'an agent acting on your behalf asked for this change, so you cannot approve it',
        },
      ],
    });
    const byAgent = decide(
      { action: 'vote', actor: agent, decision: 'approve', request, scopeHash: request.scopeHash },
      context,
    );
    expect(codes(byAgent)).toEqual(['approver_not_allowed']);
    const bob = decide(
      {
        action: 'vote',
        actor: { kind: 'user', openId: 'ou_bob' },
        decision: 'approve',
        request,
        scopeHash: request.scopeHash,
      },
      context,
    );
    expect(bob.allow).toBe(true);
  });
});
