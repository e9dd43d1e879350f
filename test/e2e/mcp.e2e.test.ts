import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { runCli } from '../../src/main/run-cli.js';
import { REPO_DIR } from '../../src/main/start-demo.js';
import { cardText, type Harness, recordOf, startHarness, tokenOf } from './demo-harness.js';

let h: Harness;
const clients: Client[] = [];
beforeAll(async () => {
  h = await startHarness();
}, 120_000);
afterAll(async () => {
  for (const client of clients) await client.close().catch(() => undefined);
  await h?.close();
});

function agent(id: string) {
  const found = h.info.mcp.agents.find((candidate) => candidate.id === id);
  if (!found) throw new Error(`no demo agent ${id}`);
  return found;
}

async function httpClient(id: string): Promise<Client> {
  const client = new Client({ name: 'e2e', version: '1.0.0' });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(h.info.mcp.url), {
      requestInit: { headers: { authorization: `Bearer ${agent(id).token}` } },
    }),
  );
  clients.push(client);
  return client;
}

async function stdioClient(id: string, configPath = join(h.dir, 'larkgate.yaml')): Promise<Client> {
  const client = new Client({ name: 'e2e', version: '1.0.0' });
  await client.connect(
    new StdioClientTransport({
      command: process.execPath,
      args: [join(REPO_DIR, 'bin/larkgate.js'), 'mcp', '--config', configPath, '--agent', id],
      env: { ...(process.env as Record<string, string>), LOG_LEVEL: 'warn' },
      stderr: 'pipe',
    }),
  );
  clients.push(client);
  return client;
}

type Structured = Record<string, unknown>;
async function call(client: Client, name: string, args: Record<string, unknown>) {
  const result = await client.callTool({ name, arguments: args });
  return { isError: result.isError === true, data: result.structuredContent as Structured, result };
}

async function auditEvents(): Promise<{ type: string; actor: string | null; details: Structured }[]> {
  const text = await readFile(join(h.dir, 'audit/audit.jsonl'), 'utf8');
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line));
}

describe('agents through the same gate: the MCP server, driven by the official MCP SDK client', () => {
  it('refuses a call without a token, or with an unknown one (401, audited auth.denied)', async () => {
    const bare = await fetch(h.info.mcp.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    });
    expect(bare.status).toBe(401);
    expect(await bare.json()).toEqual({ error: 'unauthorized' });

    const client = new Client({ name: 'e2e', version: '1.0.0' });
    await expect(
      client.connect(
        new StreamableHTTPClientTransport(new URL(h.info.mcp.url), {
          requestInit: { headers: { authorization: 'Bearer lgt_not-a-token-anyone-has' } },
        }),
      ),
    ).rejects.toThrow();
    const denied = await h.waitFor('auth.denied for /mcp', async () =>
      (await auditEvents()).find((event) => event.type === 'auth.denied' && event.details.route === 'mcp'),
    );
    expect(JSON.stringify(denied)).not.toContain('lgt_not-a-token');
  });

  it('cowork over Streamable HTTP: lists, reads, asks; the sponsor cannot approve; Bob approves; it sees applied', async () => {
    const cowork = await httpClient('cowork');
    const { tools } = await cowork.listTools();
    expect(tools.map((tool) => tool.name).sort()).toEqual(
      [
        'bases_list',
        'change_request',
        'change_status',
        'records_get',
        'records_search',
        'rollback_request',
      ].sort(),
    );
    const byName = Object.fromEntries(tools.map((tool) => [tool.name, tool]));
    expect(byName.records_search?.annotations?.readOnlyHint).toBe(true);
    expect(byName.rollback_request?.annotations?.destructiveHint).toBe(true);
    expect(byName.change_request?.outputSchema?.type).toBe('object');

    const bases = await call(cowork, 'bases_list', {});
    expect((bases.data.bases as { base: string; access: string }[]).map((b) => [b.base, b.access])).toEqual([
      ['crm', 'write'],
      ['sandbox', 'write'],
    ]);
    const got = await call(cowork, 'records_get', { base: 'crm', table: 'Tasks', record_id: 'recTask0002' });
    expect(got.isError).toBe(false);
    expect(got.data.record_id).toBe('recTask0002');
    const before = (got.data.fields as Structured).Status;
    const found = await call(cowork, 'records_search', {
      base: 'crm',
      table: 'Tasks',
      where: { Status: before as string },
    });
    expect((found.data.records as { record_id: string }[]).map((r) => r.record_id)).toContain('recTask0002');
    const billing = await call(cowork, 'records_get', {
      base: 'billing',
      table: 'Invoices',
      record_id: 'recInv0001',
    });
    expect(billing.isError).toBe(true);

    const writesBefore = (await h.requests()).filter(
      (r) => r.method === 'PUT' && r.path.endsWith('/records/recTask0002'),
    ).length;
    const asked = await call(cowork, 'change_request', {
      base: 'crm',
      table: 'Tasks',
      op: 'update',
      record_ids: ['recTask0002'],
      fields: { Status: 'Done' },
      reason: 'The customer confirmed it is finished <at user_id="all">everyone</at>',
    });
    expect(asked.isError).toBe(false);
    expect(asked.data).toMatchObject({ state: 'pending', approvals_needed: 1 });
    expect(asked.data.approvers).toEqual(['ou_bob', 'ou_carol']);
    const requestId = asked.data.request_id as string;
    const cardId = asked.data.card_message_id as string;
    expect(cardId).toBeTruthy();
    const card = await h.waitFor('the card in the requests chat', async () =>
      (await h.messages('oc_requests')).find((m) => m.message_id === cardId),
    );
    expect(cardText(card)).toContain('Asked by agent');
    expect(cardText(card)).toContain('cowork');
    // The agent's reason is data: inert on the card and in the message the card replies to.
    expect(cardText(card)).not.toContain('<at user_id="all">');
    const intro = (await h.messages('oc_requests')).find((m) => m.message_id === card.parent_id);
    expect(String(intro?.content.text)).toContain('Agent cowork asks');
    expect(String(intro?.content.text)).not.toContain('<at user_id="all">');
    // Asking changed nothing.
    expect((await recordOf(h, tokenOf(h, 'crm'), 'Tasks', 'recTask0002'))?.Status).toBe(before);

    const self = await h.clickButton(cardId, 'ou_alice', 'Approve');
    expect(self.body.toast).toMatchObject({
      type: 'error',
      content: 'an agent acting on your behalf asked for this change, so you cannot approve it',
    });
    const approved = await h.clickButton(cardId, 'ou_bob', 'Approve');
    expect(approved.body.toast?.type).toBe('success');

    const status = await h.waitFor('change_status to report applied', async () => {
      const answer = await call(cowork, 'change_status', { request_id: requestId, wait_seconds: 5 });
      return answer.data.state === 'applied' ? answer : undefined;
    });
    expect(status.data.backup_id).toMatch(/^bk_[0-9a-f]{64}$/);
    expect(status.data.verification).toEqual({ ok: true, mismatches: [] });
    expect((await recordOf(h, tokenOf(h, 'crm'), 'Tasks', 'recTask0002'))?.Status).toBe('Done');
    const writes = (await h.requests()).filter(
      (r) => r.method === 'PUT' && r.path.endsWith('/records/recTask0002'),
    );
    expect(writes.length - writesBefore).toBe(1);

    // The agent asks to undo it: the governed rollback, approved by people like any request.
    const undo = await call(cowork, 'rollback_request', { request_id: requestId, reason: 'asked too early' });
    expect(undo.isError).toBe(false);
    expect(undo.data).toMatchObject({ rollback_of: requestId, state: 'pending' });
    const rollbackId = undo.data.request_id as string;
    const rollbackCard = await h.waitFor('the rollback card', async () =>
      (await h.messages('oc_requests')).find((m) => cardText(m).includes(`Rollback of ${requestId}`)),
    );
    expect((await h.clickButton(rollbackCard.message_id, 'ou_alice', 'Approve')).body.toast?.type).toBe(
      'error',
    );
    expect((await h.clickButton(rollbackCard.message_id, 'ou_bob', 'Approve')).body.toast?.type).toBe(
      'success',
    );
    await h.waitFor('the rollback applied', async () => {
      const answer = await call(cowork, 'change_status', { request_id: rollbackId, wait_seconds: 5 });
      return answer.data.state === 'applied' ? answer : undefined;
    });
    expect((await recordOf(h, tokenOf(h, 'crm'), 'Tasks', 'recTask0002'))?.Status).toBe(before);

    const events = await auditEvents();
    const allowed = events.filter((e) => e.type === 'tool.allowed' && e.details.gate === 'mcp');
    expect(allowed.length).toBeGreaterThanOrEqual(4);
    expect(
      allowed.every(
        (e) => e.actor === 'agent:cowork' && /^[0-9a-f]{64}$/.test(String(e.details.args_sha256)),
      ),
    ).toBe(true);
    expect(JSON.stringify(events)).not.toContain(agent('cowork').token);
  });

  it('reader over stdio neither sees nor can call change_request (fail closed, audited tool.denied)', async () => {
    const reader = await stdioClient('reader');
    const { tools } = await reader.listTools();
    expect(tools.map((tool) => tool.name)).not.toContain('change_request');
    expect(tools.map((tool) => tool.name)).toContain('records_get');
    const read = await call(reader, 'records_get', { base: 'crm', table: 'Tasks', record_id: 'recTask0001' });
    expect(read.isError).toBe(false);
    const refused = await call(reader, 'change_request', {
      base: 'crm',
      table: 'Tasks',
      op: 'update',
      record_ids: ['recTask0001'],
      fields: { Status: 'Done' },
      reason: 'try',
    });
    expect(refused.isError).toBe(true);
    const denied = await h.waitFor('tool.denied for the reader', async () =>
      (await auditEvents()).find(
        (e) =>
          e.type === 'tool.denied' && e.actor === 'agent:reader' && e.details.reason === 'tool_not_listed',
      ),
    );
    expect(denied.details.tool).toBe('change_request');
  });

  it('larkgate tour --agent reads through the MCP path and records gate-1 evidence', async () => {
    const code = await runCli([
      'node',
      'larkgate',
      'tour',
      '--config',
      join(h.dir, 'larkgate.yaml'),
      '--agent',
      'cowork',
    ]);
    expect(code).toBe(0);
    const tour = (await auditEvents()).findLast((e) => e.type === 'tour.completed');
    expect(tour?.details).toMatchObject({ green: true, via: 'mcp', agent: 'cowork' });
    expect(Object.keys(tour?.details.bases as Structured).sort()).toEqual(['crm', 'sandbox']);
    const searches = (await auditEvents()).filter(
      (e) => e.type === 'tool.allowed' && e.details.tool === 'records_search' && e.actor === 'agent:cowork',
    );
    expect(searches.length).toBeGreaterThanOrEqual(3);

    // Readiness gate 1 counts it: crm (production, toured by the agent) is no longer missing; billing is.
    const out = join(h.dir, 'readiness-out');
    await runCli(['node', 'larkgate', 'readiness', '--config', join(h.dir, 'larkgate.yaml'), '--out', out]);
    const packet = await readFile(
      join(out, (await readdir(out)).find((f) => f.endsWith('.json')) as string),
      'utf8',
    );
    expect(packet).toContain('billing: no read tour recorded');
    expect(packet).not.toContain('crm: no read tour recorded');
  });

  it('a drifted pin blocks serving: stdio refuses to start, and /mcp answers 503 once the policy reloads', async () => {
    const path = join(h.dir, 'larkgate.yaml');
    const original = await readFile(path, 'utf8');
    const drifted = parse(original);
    drifted.mcp.pins.records_get = '0'.repeat(64);
    const driftedPath = join(h.dir, 'larkgate-drifted.yaml');
    await writeFile(driftedPath, stringify(drifted));
    await expect(stdioClient('cowork', driftedPath)).rejects.toThrow();

    await writeFile(path, stringify(drifted));
    await h.policyWatcher.reload('test');
    const refused = await fetch(h.info.mcp.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        authorization: `Bearer ${agent('cowork').token}`,
      },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    });
    expect(refused.status).toBe(503);
    expect(JSON.stringify(await refused.json())).toContain('records_get');
    const ready = await fetch(`${h.info.bot}/readyz`);
    expect(JSON.stringify(await ready.json())).toContain('differ from their pins');
    await writeFile(path, original);
    await h.policyWatcher.reload('test');
  });
});
