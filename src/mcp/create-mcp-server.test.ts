import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { makeBase, makePolicy } from '../../test/builders/make-policy.js';
import { T0 } from '../../test/builders/make-request.js';
import { createFakeAudit } from '../../test/fakes/fake-audit.js';
import { createFakeBase } from '../../test/fakes/fake-base.js';
import { createFakeChat } from '../../test/fakes/fake-chat.js';
import { createFakeRequestStore } from '../../test/fakes/fake-request-store.js';
import { createTableResolver } from '../app/requests/create-table-resolver.js';
import { decide } from '../domain/guard.js';
import { MCP_TOOL_NAMES } from '../domain/mcp-tool-names.js';
import type { AgentPolicy } from '../domain/policy.js';
import { connectInProcess } from './connect-in-process.js';
import { createAgentQuota } from './create-agent-quota.js';
import type { McpDeps } from './mcp-deps.js';

const agents: AgentPolicy[] = [
  {
    id: 'cowork',
    onBehalfOf: 'ou_alice',
    tools: [...MCP_TOOL_NAMES],
    bases: { crm: 'write' },
    maxRequestsPerHour: 2,
    maxRecordsPerRequest: 5,
    requestsChat: 'oc_requests',
  },
  {
    id: 'reader',
    onBehalfOf: 'ou_alice',
    tools: ['bases_list', 'records_get'],
    bases: { crm: 'read' },
    maxRequestsPerHour: 2,
    maxRecordsPerRequest: 5,
    requestsChat: 'oc_requests',
  },
];

function world() {
  const base = createFakeBase();
  base.addTable(
    'tblTasks0001',
    'Tasks',
    [
      { fieldId: 'fldTitle', name: 'Title', type: 1, property: null, isPrimary: true },
      { fieldId: 'fldPoints', name: 'Points', type: 2, property: null, isPrimary: false },
    ],
    { recTask0001: { Title: 'Ship v1', Points: 3 } },
  );
  const audit = createFakeAudit();
  const { chat, sent } = createFakeChat();
  const requests = createFakeRequestStore({ clock: () => T0 });
  const deps: McpDeps = {
    policy: () => makePolicy([makeBase({ tier: 'L0' })], { agents }),
    decide,
    audit: audit.audit,
    clock: () => T0,
    logger: pino({ level: 'silent' }),
    reader: base.ports,
    chat,
    people: { findUnknown: async () => [] },
    requests: requests.requests,
    resolveTable: createTableResolver(base.ports, () => T0),
    searchMax: 50,
    readBackup: null,
    quota: createAgentQuota(() => T0),
  };
  const connect = (agentId: string) =>
    connectInProcess({ agentId, deps, servingProblem: () => null, version: 'test' });
  return { base, audit, sent, connect };
}

const update = (overrides: Record<string, unknown> = {}) => ({
  base: 'crm',
  table: 'Tasks',
  op: 'update',
  record_ids: ['recTask0001'],
  fields: { Points: 5 },
  reason: 're-estimated',
  ...overrides,
});

describe('the MCP server for one agent', () => {
  it('lists only the agent’s tools', async () => {
    const w = world();
    const reader = await w.connect('reader');
    expect((await reader.listTools()).tools.map((tool) => tool.name)).toEqual(['bases_list', 'records_get']);
  });

  it('change_request opens a pending request with its card under the agent’s ask, and writes nothing', async () => {
    const w = world();
    const cowork = await w.connect('cowork');

    const result = await cowork.callTool({ name: 'change_request', arguments: update() });

    expect(result.isError).not.toBe(true);
    expect(result.structuredContent).toMatchObject({
      state: 'pending',
      approvals_needed: 1,
      approvers: ['ou_bob', 'ou_carol'],
      diff: {
        op: 'update',
        changes: [{ record_id: 'recTask0001', before: { Points: 3 }, after: { Points: 5 } }],
      },
    });
    expect(w.sent.map((item) => [item.kind, item.to])).toEqual([
      ['text', 'oc_requests'],
      ['card', 'om_fake1'],
    ]);
    expect(w.base.count('updateRecord', 'batchUpdateRecords')).toBe(0);
    const gate = w.audit.events.find(
      (event) => event.type === 'tool.allowed' && event.details.gate === 'mcp',
    );
    expect(gate).toMatchObject({
      actor: 'agent:cowork',
      details: { tool: 'change_request', on_behalf_of: 'ou_alice' },
    });
    expect(String(gate?.details.args_sha256)).toMatch(/^[0-9a-f]{64}$/);
  });

  it.each([
    ['an update of two records', update({ record_ids: ['recTask0001', 'recTask0002'] }), 'bad_arguments'],
    [
      'a batch delete by two conditions',
      update({ op: 'batch_delete', where: { Title: 'a', Points: 1 } }),
      'bad_arguments',
    ],
    ['an unknown field', update({ fields: { Nope: 1 } }), 'badplan'],
  ])('refuses %s, opening nothing', async (_what, args, code) => {
    const w = world();
    const cowork = await w.connect('cowork');

    const result = await cowork.callTool({ name: 'change_request', arguments: args });

    expect(result.isError).toBe(true);
    expect(JSON.parse((result.content as { text: string }[])[0]?.text ?? '{}').error).toBe(code);
    expect(w.audit.types()).not.toContain('request.created');
  });

  it('refuses an unlisted tool and an agent’s third change in an hour, audited', async () => {
    const w = world();
    const reader = await w.connect('reader');
    const denied = await reader.callTool({ name: 'change_request', arguments: update() });
    expect(denied.isError).toBe(true);
    expect(w.audit.events.at(-1)).toMatchObject({
      type: 'tool.denied',
      details: { reason: 'tool_not_listed' },
    });

    const cowork = await w.connect('cowork');
    await cowork.callTool({ name: 'change_request', arguments: update({ fields: { Points: 6 } }) });
    await cowork.callTool({ name: 'change_request', arguments: update({ fields: { Points: 7 } }) });
    const third = await cowork.callTool({
      name: 'change_request',
      arguments: update({ fields: { Points: 8 } }),
    });
    expect(third.isError).toBe(true);
    expect(w.audit.events.at(-1)).toMatchObject({
      type: 'tool.denied',
      details: { reason: 'agent_rate_limited' },
    });
  });
});
