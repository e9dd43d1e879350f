import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerReadinessCommand } from '../../src/main/readiness-command.js';
import { readAuditFile } from '../../src/store/read-audit-file.js';
import { buttonValue, type Harness, startHarness, waitForCard } from '../e2e/demo-harness.js';
import { runCommand } from '../helpers/run-command.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
}, 120_000);
afterAll(async () => {
  await h?.close();
});

type Gate = {
  number: number;
  status: string;
  missing: string[];
  cites: { chain: string; seq: number; type: string }[];
};
type Packet = {
  overall: string;
  failed_gates: number[];
  gates: Gate[];
  drills_run: { gate: number; outcome: string }[];
};

async function readiness(
  ...extra: string[]
): Promise<{ code: number; packet: Packet; out: string; dir: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'larkgate-evidence-'));
  const result = await runCommand(registerReadinessCommand, [
    'readiness',
    '--config',
    h.configPath,
    '--out',
    dir,
    ...extra,
  ]);
  const files = (await readdir(dir)).sort();
  const json = files.find((file) => file.endsWith('.json'));
  if (!json) throw new Error(`no packet written: ${result.err}`);
  return {
    code: result.code,
    packet: JSON.parse(await readFile(join(dir, json), 'utf8')),
    out: result.out,
    dir,
  };
}

async function auditLines(): Promise<
  Array<{
    chain: string;
    seq: number;
    type: string;
    request_id: string | null;
    details: Record<string, unknown>;
  }>
> {
  return (await readAuditFile(join(h.dir, 'audit/audit.jsonl'))).map((record) => JSON.parse(record.text));
}

async function applied(text: string, approvers: string[]): Promise<string> {
  const asked = await h.say('oc_requests', 'ou_alice', `@Larkgate ${text}`);
  const card = await h.cardReplyTo('oc_requests', asked.message_id);
  for (const approver of approvers) await h.clickButton(card.message_id, approver, 'Approve');
  await waitForCard(h, 'oc_requests', card.message_id, 'Applied and verified');
  return String(buttonValue(card, 'approve').request_id);
}

describe('larkgate readiness in the demo', () => {
  it('on a fresh deployment is PARTIAL, naming every gate and what each lacks', async () => {
    const { code, packet, out } = await readiness();

    expect(code).toBe(1);
    expect(packet.overall).toBe('PARTIAL');
    expect(packet.failed_gates).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(packet.gates[0]?.missing).toEqual([
      'crm: no read tour recorded (run larkgate tour)',
      'billing: no read tour recorded (run larkgate tour)',
    ]);
    expect(packet.gates[5]?.missing).toEqual([
      'no rotation drill recorded for app_secret (run larkgate drill rotate-secrets)',
      'no rotation drill recorded for encrypt_key (run larkgate drill rotate-secrets)',
    ]);
    expect(out).toMatch(/^Readiness: PARTIAL \(missing: gate 1, 2, 3, 4, 5, 6, 7\)/);
    expect(out).toContain('✗ no synthetic outage drill recorded (larkgate drill outage)');
  });

  it('--run runs the safe drills first (tour, schema and batch-delete drills on the sandbox, rotation drill), says what it cannot run, and cites real events', async () => {
    const { packet, dir } = await readiness('--run', '--json');

    expect(packet.drills_run.map((drill) => [drill.gate, drill.outcome])).toEqual([
      [1, 'ran'],
      [2, 'not run unattended'],
      [3, 'not run unattended'],
      [4, 'ran'],
      [5, 'ran'],
      [6, 'ran'],
      [7, 'cannot run here'],
    ]);
    expect(packet.failed_gates).toEqual([2, 3, 7]);
    const lines = await auditLines();
    for (const gate of [packet.gates[0], packet.gates[3], packet.gates[4], packet.gates[5]]) {
      expect(gate?.status).toBe('PASS');
      for (const cite of gate?.cites ?? []) {
        expect(lines.find((line) => line.chain === cite.chain && line.seq === cite.seq)?.type).toBe(
          cite.type,
        );
      }
    }
    const markdown = (await readdir(dir)).find((file) => file.endsWith('.md'));
    const text = await readFile(join(dir, markdown ?? ''), 'utf8');
    expect(text).toContain('# Larkgate readiness: PARTIAL');
    expect(text).toContain('| 1 | read tour green on every production base | PASS |');
    expect(text).toMatch(/- relied on: `tour\.completed` readiness-/);
    const evaluated = lines.filter((line) => line.type === 'readiness.evaluated').at(-1);
    expect(evaluated?.details).toMatchObject({ overall: 'PARTIAL', failed_gates: [2, 3, 7] });
  });

  it('gates 4 and 5 pass on what the drills did on the sandbox: every schema shape verified, a marker refusal, a batch delete rolled back', async () => {
    const { packet } = await readiness('--json');
    const lines = await auditLines();
    const event = (cite: { chain: string; seq: number }) =>
      lines.find((line) => line.chain === cite.chain && line.seq === cite.seq);

    const schema = packet.gates[3];
    expect(schema?.status).toBe('PASS');
    const shapes = (schema?.cites ?? [])
      .map(event)
      .filter((line) => line?.type === 'request.created')
      .map((line) => [
        line?.details.op,
        line?.details.base,
        String(line?.details.table).startsWith('tmp_schema_'),
      ]);
    expect(shapes).toEqual(
      ['table.create', 'field.create', 'field.update', 'field.delete', 'table.delete'].map((op) => [
        op,
        'sandbox',
        true,
      ]),
    );
    const batch = packet.gates[4];
    expect(batch?.status).toBe('PASS');
    const cited = (batch?.cites ?? []).map(event);
    expect(cited.map((line) => line?.type)).toEqual([
      'request.created',
      'approval.created',
      'backup.created',
      'op.verified',
      'rollback.executed',
      'tool.denied',
    ]);
    expect(cited[0]?.details).toMatchObject({ op: 'batch-delete', base: 'sandbox', origin: 'drill' });
    expect(cited[5]?.details).toMatchObject({
      base: 'sandbox',
      denials: [expect.objectContaining({ code: 'marker_missing' })],
    });
    // The drills left nothing behind on the sandbox: their temp tables are gone.
    const tables = await h.runtime.gateway.listTables('SbxDemoBaseToken0000000000C');
    expect(tables.filter((table) => table.name.startsWith('tmp_'))).toEqual([]);
  });

  it('counts a real governed write and its rollback on a base, and still names the bases that lack one', async () => {
    const requestId = await applied('update crm/Tasks recTask0002 Status=Done', ['ou_bob']);
    const asked = await h.say('oc_requests', 'ou_alice', `@Larkgate rollback ${requestId}`);
    const card = await h.cardReplyTo('oc_requests', asked.message_id);
    await h.clickButton(card.message_id, 'ou_carol', 'Approve');
    await waitForCard(h, 'oc_requests', card.message_id, 'Applied and verified');

    const { packet } = await readiness();

    expect(packet.gates[1]?.missing).toEqual([
      'billing: no dry run recorded (a write request that produced a diff card)',
    ]);
    expect(packet.gates[2]?.missing).toEqual([
      'billing: no governed write recorded (approved, backed up, verified)',
    ]);
    const cited = packet.gates[2]?.cites.map((cite) => cite.type) ?? [];
    expect(cited).toEqual([
      'request.created',
      'approval.created',
      'backup.created',
      'op.verified',
      'rollback.executed',
    ]);
  });
});
