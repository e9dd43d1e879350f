/**
 * Issue 4 figures, on the whole system (emulator, bot, workers, private redis-server) in one process:
 * 1. roll back N (default 10,000) records end to end: seed N marked records in the demo's sandbox Base
 *    (through the SDK's batch_create, 500 per call), batch-delete them through chat with approval, then roll
 *    the delete back (re-create all N) with approval; approval → applied for both, broken down by step from
 *    the audit log, with the Lark calls of each step from the emulator's request log;
 * 2. back up N records as the worker does (canonical-JSON backup document → encryptBackup → store.save),
 *    from the real request and before-state of step 1, and the ciphertext size;
 * 3. OpenPGP.js encryption of that real backup (its decrypted bytes) against `gpg --encrypt` of the same
 *    bytes to the same recipient key, as a ratio of medians (bench/backup-encrypt.ts, in a fresh process).
 * Emulator rate limits are on (Lark's documented figures) unless --no-rate-limits; Larkgate's own limiter
 * (lark-api-limits.yaml) applies either way. Prints figures and peak RSS; no assertions.
 *
 * Run: npx tsx bench/backup-rollback.bench.ts [records=10000] [--no-rate-limits]
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import * as lark from '@larksuiteoapi/node-sdk';
import { parse } from 'yaml';
import { createBackupReader } from '../src/backup/create-backup-reader.js';
import { createBackupStore } from '../src/backup/create-backup-store.js';
import { encryptBackup } from '../src/backup/encrypt-backup.js';
import { parseRecipientKeys, type RecipientKey } from '../src/backup/parse-recipient-keys.js';
import { resolveFrom } from '../src/config/load-config.js';
import { type BackupDocument, buildBackupDocument } from '../src/domain/build-backup-document.js';
import { canonicalJson } from '../src/domain/canonical-json.js';
import type { Cells } from '../src/domain/cell-value.js';
import { isRecordsRequest, type RecordsRequest } from '../src/domain/is-records-request.js';
import { createRequestStore } from '../src/store/create-request-store.js';
import { reportTarget, startBenchDemo } from './bench-kit.js';

const args = process.argv.slice(2);
const RECORDS = Number(args.find((arg) => /^\d+$/.test(arg)) ?? 10_000);
const RATE_LIMITS = !args.includes('--no-rate-limits');
const BACKUP_ROUNDS = 9;
const POLL_MS = 250;
const LATENCY_MS = 20;

type Item = { message_id: string; parent_id: string | null; msg_type: string; content: unknown };
type AuditLine = { ts: string; type: string; request_id: string | null; details: Record<string, unknown> };
type LarkCall = {
  method: string;
  path: string;
  status: number | null;
  time: number;
  endpoint: string | null;
};
type Row = { record_id: string; fields: Record<string, unknown> };

/** What the timings after the system run need from it. */
type Captured = {
  request: RecordsRequest;
  document: BackupDocument;
  current: Map<string, Cells>;
  fields: { fieldId: string; name: string; type: number }[];
  realPlaintext: Uint8Array;
  publicKey: string;
  recipients: RecipientKey[];
  backupId: string;
  privateKey: string;
  workerCiphertextBytes: number;
  redisPeak: string;
};

const FINAL_LABELS =
  /"subtitle":\{"tag":"plain_text","content":"(Applied and verified|Applied, verification FAILED|Not applied: stale|Failed|Needs a human|Rejected|Expired)/;

/** Fields added to Scratch before seeding, so each record carries every writable type, not three cells. */
const EXTRA_FIELDS = [
  { field_name: 'Notes', type: 1 },
  { field_name: 'Owner', type: 11 },
  { field_name: 'Due', type: 5 },
  {
    field_name: 'Tags',
    type: 4,
    property: { options: [{ name: 'alpha' }, { name: 'beta' }, { name: 'gamma' }] },
  },
  { field_name: 'Done', type: 7 },
  { field_name: 'Site', type: 15 },
  { field_name: 'Phone', type: 13 },
];

function seedRow(i: number): Record<string, unknown> {
  return {
    Name: `bench ${i}: ship the quarterly report — 任务 ${i} ✓`,
    Value: i,
    Larkgate: 'deletable',
    Notes: `Line one of the notes for record ${i}.\nLine two, with "quotes" and a tab\there.`,
    Owner: [{ id: ['ou_alice', 'ou_bob', 'ou_carol'][i % 3] }],
    Due: 1_780_000_000_000 + i * 86_400_000,
    Tags: ['alpha', 'beta', 'gamma'].slice(0, (i % 3) + 1),
    Done: i % 2 === 0,
    Site: { text: `site ${i}`, link: `https://example.test/records/${i}` },
    Phone: `+1555${String(i).padStart(7, '0')}`,
  };
}

const load = () => loadavg()[0]?.toFixed(1);
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const mib = (bytes: number) => `${(bytes / 1_048_576).toFixed(2)} MiB`;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

async function main(): Promise<void> {
  const { demo, call } = await startBenchDemo({
    batchDeleteCeiling: RECORDS,
    emulator: { rateLimits: RATE_LIMITS },
  });
  let captured: Captured | undefined;
  try {
    console.log(
      `backup and rollback bench: ${RECORDS} records, emulator rate limits ${RATE_LIMITS ? 'on' : 'off'}, node ${process.version}, ` +
        `${cpus().length} cores, load average ${load()}`,
    );
    const sandbox = demo.info.bases.find((base) => base.alias === 'sandbox');
    const appToken = sandbox?.app_token as string;
    const tableId = sandbox?.tables.find((table) => table.name === 'Scratch')?.table_id as string;
    const raw = new lark.Client({
      appId: demo.seed.app.app_id,
      appSecret: demo.seed.app.app_secret,
      domain: demo.info.emulator,
      loggerLevel: lark.LoggerLevel.error,
      cache: memoryCache(),
    });
    const path = { app_token: appToken, table_id: tableId };
    const expectOk = (what: string, response: { code?: number; msg?: string }) => {
      if (response.code !== 0) throw new Error(`${what}: ${response.code} ${response.msg}`);
    };

    // 1. Seed: every writable type on Scratch; the two seeded marked samples go, so exactly N match.
    for (const field of EXTRA_FIELDS)
      expectOk('field create', await raw.bitable.appTableField.create({ path, data: field }));
    expectOk(
      'batch_delete',
      await raw.bitable.appTableRecord.batchDelete({ path, data: { records: ['recScr0001', 'recScr0002'] } }),
    );
    const started = performance.now();
    for (let start = 0; start < RECORDS; start += 500) {
      const rows = Array.from({ length: Math.min(500, RECORDS - start) }, (_, k) => ({
        fields: seedRow(start + k),
      }));
      expectOk(
        'batch_create',
        await raw.bitable.appTableRecord.batchCreate({ path, data: { records: rows } as never }),
      );
    }
    console.log(
      `seed ${RECORDS} records (SDK batch_create, 500 per call, ${Math.ceil(RECORDS / 500)} calls): ${seconds(performance.now() - started)}`,
    );
    // Issue 17 compares the delete and the rollback with their minimum at 20 ms per Lark call.
    await call('POST', '/__emulator/faults', {
      kind: 'latency',
      path_prefix: '/open-apis',
      count: -1,
      latency_ms: LATENCY_MS,
    });
    const marked = (rows: Row[]) => rows.filter((row) => row.fields.Larkgate === 'deletable');
    const before = marked(await scratch());

    // 2. Batch delete through chat, with approval.
    const deleted = await governed('@Larkgate batch-delete sandbox/Scratch Larkgate=deletable', 'ou_bob');
    const deleteId = deleted.requestId;
    const afterDelete = marked(await scratch());

    // 3. Roll it back through chat, with approval.
    const rolled = await governed(`@Larkgate rollback ${deleteId}`, 'ou_carol');
    const restored = marked(await scratch());
    const key = (row: Row) => canonicalJson(row.fields);
    const wanted = new Map<string, number>();
    for (const row of before) wanted.set(key(row), (wanted.get(key(row)) ?? 0) + 1);
    let equal = 0;
    for (const row of restored) {
      const count = wanted.get(key(row)) ?? 0;
      if (count > 0) {
        equal++;
        wanted.set(key(row), count - 1);
      }
    }

    console.log('');
    console.log(`end to end (click → card shows the outcome, polled every ${POLL_MS} ms):`);
    for (const [label, run] of [
      [`batch delete ${RECORDS}`, deleted],
      [`rollback (re-create ${RECORDS})`, rolled],
    ] as const) {
      console.log(
        `  ${label.padEnd(30)} message → dry-run card ${seconds(run.cardMs)}; approval → ${run.outcome} ${seconds(run.appliedMs)} ` +
          `(CPU time of this process meanwhile, emulator included: ${seconds(run.cpuMs)})`,
      );
    }
    console.log(
      `  after the delete ${afterDelete.length} marked records remain; after the rollback ${restored.length}, ` +
        `${equal} of ${before.length} equal to their before-state in every field (new ids)`,
    );

    // 4. Where the time goes: the audit log's steps, and the Lark calls made in each.
    const audit = (await readFile(demo.runtime.auditFile, 'utf8'))
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as AuditLine);
    const calls: LarkCall[] = (await call('GET', '/__emulator/requests')).items;
    console.log('');
    console.log('steps (audit log timestamps) and the Lark calls in each (emulator request log):');
    for (const [label, requestId] of [
      ['batch delete', deleteId],
      ['rollback', rolled.requestId],
    ] as const) {
      printSteps(label, requestId, audit, calls);
    }
    const limits = parse(
      await readFile(join(import.meta.dirname, '../config/lark-api-limits.yaml'), 'utf8'),
    ) as { rate_limits: RateLimits };
    const pages = Math.ceil(RECORDS / 500);
    reportMinimum(`batch delete ${RECORDS.toLocaleString('en')} records`, deleteId, audit, calls, limits, [
      ['bitable.field.list', 1], // the fields, for the backup
      ['bitable.record.search', pages], // re-read (stale check and backup): the marked records, 500 a page
      ['bitable.record.batch_delete', Math.ceil(RECORDS / 500)],
      ['bitable.record.search', 1], // read back: one page shows none is left
    ]);
    reportMinimum(
      `rollback of ${RECORDS.toLocaleString('en')} deleted records`,
      rolled.requestId,
      audit,
      calls,
      limits,
      [
        ['bitable.field.list', 1], // the fields, for the backup (of nothing: the records do not exist)
        // No re-read: the rollback creates records, which have no before-state to compare.
        ['bitable.record.batch_create', Math.ceil(RECORDS / 1000)],
        ['bitable.record.search', pages], // read back: all restored, 500 a page
      ],
    );

    // 5. What the timings below need: the real request, its backup (decrypted) and the recipient key.
    const requests = createRequestStore(demo.runtime.redis, demo.runtime.keys);
    const stored = await requests.get(deleteId);
    if (!stored || !isRecordsRequest(stored.request)) throw new Error(`no records request ${deleteId}`);
    const backupId = stored.request.execution?.backupId as string;
    const { loaded } = demo.runtime;
    const store = createBackupStore({ dir: resolveFrom(loaded.dir, loaded.config.backup.dir) });
    const reader = createBackupReader({ store, privateKeys: [demo.privateKey] });
    const realPlaintext = await reader.decrypt(backupId);
    const document = await reader.read(backupId);
    const current = new Map<string, Cells>(
      document.records.map((record) => [record.record_id, record.fields]),
    );
    const fields = document.fields.map((field) => ({
      fieldId: field.field_id,
      name: field.name,
      type: field.type,
    }));
    const publicKey = await readFile(
      resolveFrom(loaded.dir, loaded.config.backup.recipients[0] as string),
      'utf8',
    );
    const recipients = await parseRecipientKeys([publicKey]);
    const request = stored.request;
    const redisInfo = await demo.runtime.redis.info('memory');
    captured = {
      request,
      document,
      current,
      fields,
      realPlaintext,
      publicKey,
      recipients,
      backupId,
      privateKey: demo.privateKey,
      workerCiphertextBytes: Number(auditDetail(audit, deleteId, 'backup.created', 'ciphertext_bytes')),
      redisPeak: /used_memory_peak_human:(\S+)/.exec(redisInfo)?.[1] ?? '?',
    };
  } finally {
    await demo.close();
    await rm(demo.dir, { recursive: true, force: true });
  }

  // The backup alone, as the worker takes it, from the real request and before-state; then OpenPGP.js
  // against gpg. Both run with the system closed, so its background work does not share the timings.
  if (!captured) return;
  const { request, document, current, fields, realPlaintext, publicKey, recipients, backupId, privateKey } =
    captured;
  const { workerCiphertextBytes, redisPeak } = captured;
  const scratchDir = await mkdtemp(join(tmpdir(), 'larkgate-bench-store-'));
  const scratchStore = createBackupStore({ dir: scratchDir });
  const backUp = async () => {
    const steps = { build: 0, encrypt: 0, save: 0 };
    let t = performance.now();
    const plaintext = new TextEncoder().encode(
      canonicalJson(buildBackupDocument(request, fields, current, Date.now())),
    );
    steps.build = performance.now() - t;
    t = performance.now();
    const ciphertext = await encryptBackup(plaintext, recipients);
    steps.encrypt = performance.now() - t;
    t = performance.now();
    const saved = await scratchStore.save(ciphertext);
    steps.save = performance.now() - t;
    return { steps, plaintextBytes: plaintext.length, ciphertextBytes: saved.bytes };
  };
  await backUp(); // warm-up
  const rounds: Awaited<ReturnType<typeof backUp>>[] = [];
  for (let round = 0; round < BACKUP_ROUNDS; round++) rounds.push(await backUp());
  const total = rounds.map((r) => r.steps.build + r.steps.encrypt + r.steps.save);
  const part = (name: keyof (typeof rounds)[number]['steps']) =>
    median(rounds.map((r) => r.steps[name])).toFixed(0);
  console.log('');
  console.log(
    `back up ${document.records.length} records as the worker does, ${BACKUP_ROUNDS} rounds + warm-up: median ${median(total).toFixed(0)} ms ` +
      `(min ${Math.min(...total).toFixed(0)}, max ${Math.max(...total).toFixed(0)}) = build + canonical JSON ${part('build')} ms, ` +
      `encryptBackup ${part('encrypt')} ms, store.save ${part('save')} ms; plaintext ${mib(rounds[0]?.plaintextBytes ?? 0)}, ` +
      `ciphertext ${mib(rounds[0]?.ciphertextBytes ?? 0)} (the worker's own: ${mib(workerCiphertextBytes)})`,
  );

  // 6. OpenPGP.js against gpg on the worker's real backup bytes and recipient key, in a fresh process
  // (bench/backup-encrypt.ts), so this process's large heap does not add collections to OpenPGP.js's runs.
  console.log('');
  await writeFile(join(scratchDir, 'plaintext.json'), realPlaintext, { mode: 0o600 });
  await writeFile(join(scratchDir, 'key.pub.asc'), publicKey);
  await writeFile(join(scratchDir, 'key.asc'), privateKey, { mode: 0o600 });
  const compared = await new Promise<number>((resolve) => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        join(import.meta.dirname, 'backup-encrypt.ts'),
        '--plaintext',
        join(scratchDir, 'plaintext.json'),
        '--public-key',
        join(scratchDir, 'key.pub.asc'),
        '--private-key',
        join(scratchDir, 'key.asc'),
        '--rounds',
        String(BACKUP_ROUNDS),
        '--title',
        `encryption of the worker's ${document.records.length}-record backup (${backupId.slice(0, 11)}…)`,
      ],
      { stdio: 'inherit' },
    );
    child.once('error', () => resolve(1));
    child.once('close', (code) => resolve(code ?? 1));
  });
  await rm(scratchDir, { recursive: true, force: true });
  if (compared !== 0) throw new Error(`bench/backup-encrypt.ts exited with ${compared}`);

  // 7. Memory.
  console.log('');
  console.log(
    `peak RSS of this process (emulator + bot + workers + bench): ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB; ` +
      `redis-server used_memory_peak ${redisPeak}; load average now ${load()}`,
  );

  async function scratch(): Promise<Row[]> {
    const base = await call(
      'GET',
      `/__emulator/bases/${demo.info.bases.find((b) => b.alias === 'sandbox')?.app_token}`,
    );
    return (base.tables as { name: string; records: Row[] }[]).find((table) => table.name === 'Scratch')
      ?.records as Row[];
  }

  async function messages(): Promise<Item[]> {
    return (await call('GET', '/__emulator/chats/oc_requests/messages')).items;
  }

  async function poll<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
    const deadline = Date.now() + 30 * 60_000;
    for (;;) {
      const value = await probe();
      if (value !== undefined) return value;
      if (Date.now() > deadline) throw new Error(`bench: timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }

  /** Says `text` as Alice, waits for the card, approves it as `approver`, waits for the outcome. */
  async function governed(text: string, approver: string) {
    let started = performance.now();
    const asked = await call('POST', '/__emulator/chats/oc_requests/messages', { from: 'ou_alice', text });
    const card = await poll('a card', async () =>
      (await messages()).find((item) => item.parent_id === asked.message_id),
    );
    const cardMs = performance.now() - started;
    if (card.msg_type !== 'interactive') throw new Error(`no card: ${JSON.stringify(card.content)}`);
    const requestId = /"request_id":"(req_[a-z2-7]{12})"/.exec(JSON.stringify(card.content))?.[1] as string;
    started = performance.now();
    const cpuBefore = process.cpuUsage();
    const clicked = await call('POST', `/__emulator/messages/${card.message_id}/actions`, {
      from: approver,
      button: 'Approve',
    });
    if (clicked.toast?.type !== 'success') throw new Error(`approve refused: ${JSON.stringify(clicked)}`);
    const outcome = await poll('the outcome', async () => {
      const now = (await messages()).find((item) => item.message_id === card.message_id);
      return FINAL_LABELS.exec(JSON.stringify(now?.content))?.[1];
    });
    const appliedMs = performance.now() - started;
    const cpu = process.cpuUsage(cpuBefore);
    const cpuMs = (cpu.user + cpu.system) / 1000;
    if (outcome !== 'Applied and verified') throw new Error(`${text}: ${outcome}`);
    return { requestId, cardMs, appliedMs, cpuMs, outcome };
  }
}

/** The step durations of one request (from its audit events) and the Lark calls made in each step. */
function printSteps(label: string, requestId: string, audit: AuditLine[], calls: LarkCall[]): void {
  const events = audit.filter((event) => event.request_id === requestId);
  const at = (type: string, nth = 0) => {
    const found = events.filter((event) => event.type === type)[nth];
    return found ? Date.parse(found.ts) : Number.NaN;
  };
  const approved = at('approval.created');
  const executing = events.findLast((event) => event.type === 'tool.allowed')?.ts;
  const steps: [string, number, number][] = [
    [
      'approval → live op starts (queue, guard, consume)',
      approved,
      executing ? Date.parse(executing) : Number.NaN,
    ],
    ['re-read (stale check) + back up', executing ? Date.parse(executing) : Number.NaN, at('backup.created')],
    ['read before writing + write in chunks', at('backup.created'), at('op.applied')],
    ['read back + verify + finish', at('op.applied'), at('op.verified')],
  ];
  console.log(`  ${label} (${requestId}):`);
  for (const [name, from, to] of steps) {
    const inStep = calls.filter((c) => c.time >= from && c.time < to && c.endpoint?.startsWith('bitable'));
    const counts = new Map<string, number>();
    for (const c of inStep) counts.set(c.endpoint as string, (counts.get(c.endpoint as string) ?? 0) + 1);
    const limited = inStep.filter((c) => c.status === 429).length;
    const described = [...counts]
      .map(([endpoint, n]) => `${endpoint.replace('bitable.', '')} ×${n}`)
      .join(', ');
    console.log(
      `    ${name.padEnd(50)} ${seconds(to - from).padStart(8)}  ${described || 'no Base calls'}${limited ? ` (${limited} answered 429)` : ''}`,
    );
  }
  console.log(`    ${'approval → verified'.padEnd(50)} ${seconds(at('op.verified') - approved).padStart(8)}`);
}

type RateLimits = Record<string, { per_second: number; per_minute?: number }>;

/**
 * The least time `needed` calls can take, one after another: each takes the emulator's latency and starts
 * no earlier than its endpoint's rate limits allow. The emulator (and Larkgate's own limiter) keep sliding
 * windows, not an even spacing: up to `per_second` calls of an endpoint go back to back within any 1 s, the
 * next waits until the oldest of them is 1 s old. So 20 searches take 20 × 20 ms, not 20 × 50 ms, but a
 * 21st search within the same second waits for the window.
 */
function minimumMs(needed: [string, number][], limits: RateLimits): number {
  const grants = new Map<string, number[]>();
  let now = 0;
  for (const [endpoint, count] of needed) {
    const limit = limits[endpoint];
    const windows: [number, number][] = [
      ...(limit ? [[limit.per_second, 1000] as [number, number]] : []),
      ...(limit?.per_minute ? [[limit.per_minute, 60_000] as [number, number]] : []),
    ];
    const log = grants.get(endpoint) ?? [];
    grants.set(endpoint, log);
    for (let k = 0; k < count; k++) {
      let start = now;
      for (let moved = true; moved; ) {
        moved = false;
        for (const [max, span] of windows) {
          const inWindow = log.filter((time) => time > start - span);
          const oldest = inWindow[inWindow.length - max];
          if (inWindow.length >= max && oldest !== undefined && oldest + span > start) {
            start = oldest + span;
            moved = true;
          }
        }
      }
      log.push(start);
      now = start + LATENCY_MS;
    }
  }
  return now;
}

/**
 * Approval → op.verified of one request against the least time the Lark calls it needs can take: each at
 * Lark's batch ceiling, one after another, each taking the emulator's latency and waiting for its rate
 * limit's window (minimumMs). Prints the calls it made beside the minimum's.
 */
function reportMinimum(
  label: string,
  requestId: string,
  audit: AuditLine[],
  calls: LarkCall[],
  limits: { rate_limits: RateLimits },
  needed: [string, number][],
): void {
  const events = audit.filter((event) => event.request_id === requestId);
  const at = (type: string) => Date.parse(events.find((event) => event.type === type)?.ts ?? '');
  const from = at('approval.created');
  const to = at('op.verified');
  const took = to - from;
  const made = new Map<string, number>();
  for (const c of calls.filter((c) => c.time >= from && c.time <= to && c.endpoint?.startsWith('bitable')))
    made.set(c.endpoint as string, (made.get(c.endpoint as string) ?? 0) + 1);
  const minimum = minimumMs(needed, limits.rate_limits);
  const wanted = new Map<string, number>();
  for (const [endpoint, n] of needed) wanted.set(endpoint, (wanted.get(endpoint) ?? 0) + n);
  const list = (counts: Map<string, number>) =>
    [...counts].map(([endpoint, n]) => `${endpoint.replace('bitable.', '')} ×${n}`).join(', ');
  reportTarget({
    name: `${label}: approval → verified ÷ minimum`,
    figure: `${(took / minimum).toFixed(2)}× (${seconds(took)} vs ${seconds(minimum)})`,
    target: '≤ 1.2×',
    ratio: took / minimum / 1.2,
    note: `made ${list(made)}; minimum ${list(wanted)}, one after another, ${LATENCY_MS} ms each, within each endpoint's rate window`,
  });
}

function auditDetail(audit: AuditLine[], requestId: string, type: string, key: string): unknown {
  return audit.find((event) => event.request_id === requestId && event.type === type)?.details[key];
}

function memoryCache() {
  const store = new Map<string, unknown>();
  return {
    set: async (key: string | symbol, value: unknown) => {
      store.set(String(key), value);
      return true;
    },
    get: async (key: string | symbol) => store.get(String(key)),
  } as unknown as lark.Cache;
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
