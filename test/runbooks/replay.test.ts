import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as lark from '@larksuiteoapi/node-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveFrom } from '../../src/config/load-config.js';
import type { BackupDocument } from '../../src/domain/build-backup-document.js';
import { type Cells, type FieldMeta, isWritableField } from '../../src/domain/cell-value.js';
import { parseBackupDocument } from '../../src/domain/parse-backup-document.js';
import { readAuditFile } from '../../src/store/read-audit-file.js';
import { buttonValue, type Harness, startHarness, tokenOf, waitForCard } from '../e2e/demo-harness.js';
import { makeTokenCache } from '../emulator/platform-test-kit.js';
import { assertGpgInstalled } from '../helpers/gpg.js';

/**
 * Runs the "Replaying a backup by hand" commands exactly as docs/runbooks/restore.md prints them (extracted
 * between their markers) with bash, curl and jq, against the Lark emulator, on real backups Larkgate took in
 * a demo run and decrypted with the page's own gpg script: an update is written back, a create is deleted, and
 * a 1,102-record batch delete (links between the records, and to one that stayed) is re-created in chunks.
 */

const RUNBOOK = new URL('../../docs/runbooks/restore.md', import.meta.url);

async function extractBlock(name: string): Promise<string> {
  const markdown = await readFile(RUNBOOK, 'utf8');
  const pattern = new RegExp(
    `<!-- ${name}:begin -->\\s*\`\`\`bash\\n([\\s\\S]*?)\`\`\`\\s*<!-- ${name}:end -->`,
  );
  const match = pattern.exec(markdown);
  if (!match?.[1]) throw new Error(`docs/runbooks/restore.md has no ${name} block between its markers`);
  return match[1];
}

type Run = { code: number; stdout: string; stderr: string };

function runBash(script: string, cwd: string, env: Record<string, string>): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-c', script], {
      cwd,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: cwd, LC_ALL: 'C', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.once('error', reject);
    child.once('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

let h: Harness;
let work: string;
let appToken: string;
let tableId: string;
let raw: lark.Client;
let runs = 0;

beforeAll(async () => {
  await assertGpgInstalled();
  for (const tool of ['jq', 'curl']) {
    const found = await runBash(`command -v ${tool}`, tmpdir(), {});
    if (found.code !== 0) throw new Error(`${tool} is required by the replay runbook test; install it`);
  }
  work = await mkdtemp(join(tmpdir(), 'lg-replay-'));
  h = await startHarness({ batchDeleteCeiling: 2_000 });
  appToken = tokenOf(h, 'sandbox');
  tableId = h.info.bases.find((base) => base.alias === 'sandbox')?.tables[0]?.table_id as string;
  raw = new lark.Client({
    appId: h.seed.app.app_id,
    appSecret: h.seed.app.app_secret,
    domain: h.info.emulator,
    loggerLevel: lark.LoggerLevel.error,
    cache: makeTokenCache(),
  });
  // Every writable type, a link into the same table, and two read-only types.
  const path = { app_token: appToken, table_id: tableId };
  for (const field of [
    { field_name: 'Notes', type: 1 },
    { field_name: 'Owner', type: 11 },
    { field_name: 'Due', type: 5 },
    { field_name: 'Tags', type: 4, property: { options: [{ name: 'alpha' }, { name: 'beta' }] } },
    { field_name: 'Done', type: 7 },
    { field_name: 'Site', type: 15 },
    { field_name: 'Phone', type: 13 },
    { field_name: 'Parent', type: 18, property: { table_id: tableId } },
    { field_name: 'Created', type: 1001 },
    { field_name: 'No', type: 1005 },
  ]) {
    const created = await raw.bitable.appTableField.create({ path, data: field });
    if (created.code !== 0) throw new Error(`field create ${field.field_name}: ${created.msg}`);
  }
}, 120_000);

afterAll(async () => {
  await h?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

/** Alice asks, Bob approves, and the card says Applied; returns the request id. */
async function applied(text: string): Promise<string> {
  const asked = await h.say('oc_requests', 'ou_alice', `@Larkgate ${text}`);
  const card = await h.cardReplyTo('oc_requests', asked.message_id);
  await h.clickButton(card.message_id, 'ou_bob', 'Approve');
  await waitForCard(h, 'oc_requests', card.message_id, 'Applied and verified', 60_000);
  return String(buttonValue(card, 'approve').request_id);
}

type Audit = { type: string; request_id: string | null; details: Record<string, unknown> };

async function auditEvent(type: string, requestId: string): Promise<Audit> {
  const found = (await readAuditFile(h.runtime.auditFile))
    .map((record) => JSON.parse(record.text) as Audit)
    .find((event) => event.type === type && event.request_id === requestId);
  if (!found) throw new Error(`no ${type} for ${requestId} in the audit log`);
  return found;
}

/**
 * A fresh folder holding before.json, decrypted from the request's backup by the runbook's own gpg script
 * (the id from the audit log's backup.created, the file from the backup store, the demo's private key).
 */
async function decryptedBackup(requestId: string): Promise<{ cwd: string; backup: BackupDocument }> {
  runs += 1;
  const cwd = await mkdtemp(join(work, `run-${runs}-`));
  const backupId = String((await auditEvent('backup.created', requestId)).details.backup_id);
  const { loaded } = h.runtime;
  const script = join(work, 'decrypt-backup.sh');
  await writeFile(script, await extractBlock('restore-script'), { mode: 0o700 });
  const decrypted = await runBash(`bash ${script}`, cwd, {
    BACKUP_ID: backupId,
    BACKUP_FILE: join(resolveFrom(loaded.dir, loaded.config.backup.dir), `${backupId}.asc`),
    PRIVATE_KEY: join(h.dir, 'ops-backup.key.asc'),
    OUT: join(cwd, 'before.json'),
  });
  expect(decrypted.stdout).toContain(`OK: ${backupId} decrypted`);
  const parsed = parseBackupDocument(await readFile(join(cwd, 'before.json'), 'utf8'));
  if (!parsed.ok) throw new Error(parsed.error);
  return { cwd, backup: parsed.document };
}

/** Pastes the common block and then the shape's block into bash, as an operator would, in `cwd`. */
async function replay(shape: 'update' | 'create' | 'delete', cwd: string): Promise<Run> {
  const secretFile = join(cwd, 'app-secret.txt');
  await writeFile(secretFile, `${h.seed.app.app_secret}\n`, { mode: 0o600 });
  const script = [
    'set -eo pipefail',
    await extractBlock('replay-common'),
    await extractBlock(`replay-${shape}`),
  ].join('\n');
  const run = await runBash(script, cwd, {
    LARK: h.info.emulator,
    APP_ID: h.seed.app.app_id,
    APP_SECRET_FILE: secretFile,
    AUDIT_FILE: h.runtime.auditFile,
  });
  expect(run.stdout).not.toContain('STOPPED');
  expect(run.code, run.stderr).toBe(0);
  return run;
}

async function fields(): Promise<FieldMeta[]> {
  return h.runtime.gateway.listFields(appToken, tableId);
}

async function current(ids: readonly string[]): Promise<Map<string, Cells>> {
  return (await h.runtime.gateway.getRecords(appToken, tableId, ids, await fields())).records;
}

/** The writable cells of a record, every writable field present (empty = null, a checkbox false). */
function writable(cells: Cells, meta: readonly FieldMeta[]): Cells {
  return Object.fromEntries(
    meta
      .filter(isWritableField)
      .map((field) => [field.name, cells[field.name] ?? (field.type === 7 ? false : null)]),
  );
}

async function batchCalls(endpoint: string): Promise<number> {
  return (await h.requests()).filter((request) => request.path.endsWith(`/records/${endpoint}`)).length;
}

describe('docs/runbooks/restore.md: replaying a backup by hand', () => {
  it('writes an update’s before values back, including cleared and newly set fields', async () => {
    const path = { app_token: appToken, table_id: tableId };
    const updated = await raw.bitable.appTableRecord.update({
      path: { ...path, record_id: 'recScr0003' },
      data: {
        fields: {
          Notes: 'written before the change\nsecond line — ✓',
          Owner: [{ id: 'ou_carol' }],
          Due: 1_798_761_600_000,
          Tags: ['alpha', 'beta'],
          Done: true,
          Site: { text: 'the docs', link: 'https://example.test/docs' },
        } as never,
      },
    });
    expect(updated.code).toBe(0);
    const meta = await fields();
    const before = (await current(['recScr0003'])).get('recScr0003') as Cells;

    const requestId = await applied(
      'update sandbox/Scratch recScr0003 Name="renamed by a request" Value=99 Notes="" Owner=ou_erin ' +
        'Tags=beta Done=no Site="elsewhere|https://example.test/else" Phone=+4420 Parent=recScr0001',
    );
    const changed = (await current(['recScr0003'])).get('recScr0003') as Cells;
    expect(writable(changed, meta)).not.toEqual(writable(before, meta));

    const { cwd, backup } = await decryptedBackup(requestId);
    expect(backup.op).toBe('update');
    await replay('update', cwd);

    const restored = (await current(['recScr0003'])).get('recScr0003') as Cells;
    expect(writable(restored, meta)).toEqual(writable(before, meta));
    expect(writable(restored, meta)).toEqual(writable(backup.records[0]?.fields ?? {}, meta));
  }, 120_000);

  it('deletes the records a create made, found through the audit log', async () => {
    const requestId = await applied('create sandbox/Scratch Name="made by a request" Value=5 Larkgate=keep');
    const created = (await auditEvent('op.applied', requestId)).details.created_record_ids as string[];
    expect(created).toHaveLength(1);
    expect((await current(created)).size).toBe(1);

    const { cwd, backup } = await decryptedBackup(requestId);
    expect(backup.op).toBe('create');
    expect(backup.records).toEqual([]);
    const run = await replay('create', cwd);

    expect(run.stdout).toContain(`created by the request: ${JSON.stringify(created)}`);
    expect((await current(created)).size).toBe(0);
    expect((await current(['recScr0003'])).size).toBe(1);
  }, 120_000);

  it('re-creates a 1,102-record batch delete in chunks of at most 500, links between them remapped', async () => {
    // 1. 1,100 marked records with every writable type; most link to the one before, some also to recScr0003.
    const path = { app_token: appToken, table_id: tableId };
    const ids: string[] = [];
    for (let start = 0; start < 1_100; start += 500) {
      const rows = Array.from({ length: Math.min(500, 1_100 - start) }, (_, k) => {
        const i = start + k;
        return {
          fields: {
            Name: `row ${i} — 任务 ✓`,
            Value: i,
            Larkgate: 'deletable',
            ...(i % 4 === 0 ? {} : { Notes: `notes for ${i}\nwith "quotes"` }),
            Owner: i % 3 === 0 ? [{ id: 'ou_alice' }, { id: 'ou_bob' }] : [{ id: 'ou_carol' }],
            Due: 1_780_000_000_000 + i * 86_400_000,
            Tags: i % 2 === 0 ? ['alpha', 'beta'] : ['beta'],
            Done: i % 5 === 0,
            Site: { text: `site ${i}`, link: `https://example.test/${i}` },
            ...(i % 7 === 0 ? {} : { Phone: `+86${String(i).padStart(8, '0')}` }),
          },
        };
      });
      const response = await raw.bitable.appTableRecord.batchCreate({
        path,
        data: { records: rows } as never,
      });
      expect(response.code).toBe(0);
      ids.push(...(response.data?.records ?? []).map((record) => record.record_id as string));
    }
    const links = ids
      .map((id, i) => ({
        record_id: id,
        fields: {
          Parent: i % 50 === 0 ? ['recScr0003'] : [ids[i - 1] as string, ...(i % 9 ? [] : ['recScr0003'])],
        },
      }))
      .filter((_, i) => i % 10 !== 0 || i % 50 === 0);
    for (let start = 0; start < links.length; start += 500) {
      const response = await raw.bitable.appTableRecord.batchUpdate({
        path,
        data: { records: links.slice(start, start + 500) } as never,
      });
      expect(response.code).toBe(0);
    }
    const meta = await fields();
    const marked = [...ids, 'recScr0001', 'recScr0002'];
    const before = await current(marked);
    expect(before.size).toBe(1_102);

    // 2. Larkgate batch-deletes them, after one backup.
    const requestId = await applied('batch-delete sandbox/Scratch Larkgate=deletable');
    expect((await current(marked)).size).toBe(0);
    const { cwd, backup } = await decryptedBackup(requestId);
    expect(backup.op).toBe('batch-delete');
    expect(backup.records).toHaveLength(1_102);

    // 3. The runbook re-creates them.
    const creates = await batchCalls('batch_create');
    const run = await replay('delete', cwd);
    expect(run.stdout).toContain('1102 of 1102 records re-created');
    expect(await batchCalls('batch_create')).toBe(creates + 3);
    const map = new Map(
      (await readFile(join(cwd, 'id-map.tsv'), 'utf8'))
        .trim()
        .split('\n')
        .map((line) => line.split('\t') as [string, string]),
    );
    expect([...map.keys()].sort()).toEqual([...marked].sort());

    // 4. Every record is back under its new id, equal to the backup in every writable field, links remapped.
    const restored = await current([...map.values()]);
    expect(restored.size).toBe(1_102);
    for (const record of backup.records) {
      const expected = writable(record.fields, meta);
      expected.Parent = (record.fields.Parent as string[] | null)?.map((id) => map.get(id) ?? id) ?? null;
      const now = restored.get(map.get(record.record_id) as string) as Cells;
      expect(writable(now, meta), record.record_id).toEqual(expected);
      expect(writable(record.fields, meta)).toEqual(writable(before.get(record.record_id) as Cells, meta));
    }
    const first = map.get(ids[0] as string) as string;
    const second = map.get(ids[1] as string) as string;
    expect(restored.get(second)?.Parent).toEqual([first]);
    expect(restored.get(first)?.Parent).toEqual(['recScr0003']);
    // Read-only fields are Lark's: a re-created record has a new auto number.
    expect(restored.get(first)?.No).not.toEqual(before.get(ids[0] as string)?.No);
  }, 240_000);
});
