/**
 * Reliability-notes §10 scenarios 1 and 2 on the whole system: the demo world (the emulator with its rate
 * limits on, the bot, a private redis-server with AOF everysec) and `larkgate worker` in its own OS
 * processes (test/e2e/worker-process.ts: lock duration 2 s, stalled check every 1 s, as the e2e runs it).
 *
 * 1. Worker SIGKILL. N approved live writes (creates and updates on every demo base, each with a unique
 *    title or its own target record) are queued while no worker runs; then a worker starts and is
 *    SIGKILLed K times at random moments while it works, a new one spawned right after each kill. Once
 *    every request is final: lost (approved, effect absent), duplicate effects (a title present twice, an
 *    update PUT twice), needs_review and why, and recovery after each kill (kill → next op.applied).
 * 2. Redis SIGKILL. M more approvals acknowledged while no worker runs; redis-server is SIGKILLed right
 *    after the last acknowledgement and restarted on the same port and data folder. Approved-acked against
 *    present after the restart (request approved with its artefact, live-op job in its queue); then a
 *    worker runs them: applied exactly once.
 *
 * Approvals are real clicks: chat message → diff card → approver click through the emulator's control API
 * (Bob; Billing is L3, so Carol too). Lark's record writes are held by the emulator for --write-latency-ms
 * (a latency fault; Lark's own are of that order), so a random kill can land while one is in flight.
 * Exits 1 if any op was lost or applied twice, fewer than K kills landed, or an acked approval is missing.
 *
 * Run: npx tsx bench/crash-recovery.bench.ts [requests=300] [kills=5] [--redis-requests=60]
 *      [--write-latency-ms=250] [--seed=<n>]
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { parse, stringify } from 'yaml';
import { liveOpQueueName } from '../jobs/queue-names.js';
import { createBackupReader } from '../src/backup/create-backup-reader.js';
import { createBackupStore } from '../src/backup/create-backup-store.js';
import { resolveFrom } from '../src/config/load-config.js';
import { deriveClientToken } from '../src/domain/derive-client-token.js';
import { FINAL_STATES, type GovernedRequest } from '../src/domain/governed-request.js';
import { spawnWorker, type WorkerProcess } from '../src/main/spawn-worker-process.js';
import type { Demo } from '../src/main/start-demo.js';
import { REPO_DIR } from '../src/main/start-demo.js';
import type { RequestStore } from '../src/ports/request-store.js';
import { createRequestStore } from '../src/store/create-request-store.js';
import { readAuditFile } from '../src/store/read-audit-file.js';
import { readAuditStream } from '../src/store/read-audit-stream.js';
import { approveValue, startBenchDemo, summary } from './bench-kit.js';

const args = process.argv.slice(2);
const positional = args.filter((arg) => /^\d+$/.test(arg)).map(Number);
const flag = (name: string, fallback: number) => {
  const found = args.find((arg) => arg.startsWith(`--${name}=`));
  return found === undefined ? fallback : Number(found.slice(name.length + 3));
};
const REQUESTS = positional[0] ?? 300;
const KILLS = positional[1] ?? 5;
const REDIS_REQUESTS = flag('redis-requests', 60);
const WRITE_LATENCY_MS = flag('write-latency-ms', 250);
const SEED = flag('seed', Date.now() % 2_147_483_647);
/** A random-moment kill lands up to this long after its trigger (a share of the requests final), uniformly. */
const MAX_KILL_DELAY_MS = 2_000;
/** A kill during a write lands up to this long after a request is seen at step `writing`. */
const MAX_WRITE_KILL_DELAY_MS = 200;
const FINAL_TIMEOUT_MS = 10 * 60_000;
const CLICK_CONCURRENCY = 6;
const APPROVERS: Record<BaseAlias, string[]> = {
  crm: ['ou_bob'],
  billing: ['ou_bob', 'ou_carol'],
  sandbox: ['ou_bob'],
};

type BaseAlias = 'crm' | 'billing' | 'sandbox';
type TableName = 'Tasks' | 'Accounts' | 'Invoices' | 'Scratch';
type Op = {
  base: BaseAlias;
  table: TableName;
  op: 'create' | 'update';
  /** create: the unique value of the primary field; update: the record id it changes. */
  key: string;
  /** update: the number field's new value. */
  value: number;
  text: string;
};
type Queued = Op & { requestId: string; cardMessageId: string; acked: boolean; ackedAt: number };
type Item = {
  message_id: string;
  parent_id: string | null;
  msg_type: string;
  text: string | null;
  content: unknown;
};
type LarkCall = { method: string; path: string; query: string; status: number | null; time: number };
type AuditLine = {
  chain: string;
  seq: number;
  ts: string;
  type: string;
  request_id: string | null;
  details: Record<string, unknown>;
};
type Row = { record_id: string; fields: Record<string, unknown> };

const TABLES: Record<
  TableName,
  {
    base: BaseAlias;
    primary: string;
    number: string;
    createText: (title: string) => string;
    target: (i: number) => Record<string, unknown>;
  }
> = {
  Tasks: {
    base: 'crm',
    primary: 'Title',
    number: 'Points',
    createText: (title) => `Title="${title}" Points=1`,
    target: (i) => ({ Title: `crash bench target task ${i}`, Points: 0 }),
  },
  Accounts: {
    base: 'crm',
    primary: 'Name',
    number: 'ARR',
    createText: (title) => `Name="${title}" Plan=Team ARR=1000`,
    target: (i) => ({ Name: `crash bench target account ${i}`, Plan: 'Free', ARR: 0 }),
  },
  Invoices: {
    base: 'billing',
    primary: 'Number',
    number: 'Amount',
    createText: (title) => `Number="${title}" Customer="Crash bench" Amount=100 Status=Draft`,
    target: (i) => ({ Number: `CB-T${i}`, Customer: 'Crash bench', Amount: 0, Status: 'Draft' }),
  },
  Scratch: {
    base: 'sandbox',
    primary: 'Name',
    number: 'Value',
    createText: (title) => `Name="${title}" Value=1 Larkgate=deletable`,
    target: (i) => ({ Name: `crash bench target ${i}`, Value: 0, Larkgate: 'deletable' }),
  },
};

/** One cycle of the mix: a third per base, 9 creates and 6 updates in 15, interleaved across the queues. */
const CYCLE: ReadonlyArray<[TableName, 'create' | 'update']> = [
  ['Tasks', 'create'],
  ['Invoices', 'create'],
  ['Scratch', 'create'],
  ['Accounts', 'create'],
  ['Invoices', 'update'],
  ['Scratch', 'update'],
  ['Tasks', 'create'],
  ['Invoices', 'create'],
  ['Scratch', 'create'],
  ['Tasks', 'update'],
  ['Invoices', 'update'],
  ['Scratch', 'update'],
  ['Accounts', 'update'],
  ['Invoices', 'create'],
  ['Scratch', 'create'],
];

const RECORD_ID_PREFIX: Record<TableName, string> = {
  Tasks: 'recCbTask',
  Accounts: 'recCbAcct',
  Invoices: 'recCbInv',
  Scratch: 'recCbScr',
};

/** The ops of one scenario; update targets are numbered from `targets` so no record is updated twice. */
function buildMix(count: number, label: string, targets: Record<TableName, number>): Op[] {
  const ops: Op[] = [];
  for (let i = 0; i < count; i++) {
    const [table, op] = CYCLE[i % CYCLE.length] as [TableName, 'create' | 'update'];
    const spec = TABLES[table];
    if (op === 'create') {
      const title = `${label} ${table} ${String(i).padStart(4, '0')}`;
      ops.push({
        base: spec.base,
        table,
        op,
        key: title,
        value: 0,
        text: `create ${spec.base}/${table} ${spec.createText(title)}`,
      });
    } else {
      targets[table] += 1;
      const recordId = `${RECORD_ID_PREFIX[table]}${String(targets[table]).padStart(4, '0')}`;
      const value = 1_000 + i;
      ops.push({
        base: spec.base,
        table,
        op,
        key: recordId,
        value,
        text: `update ${spec.base}/${table} ${recordId} ${spec.number}=${value}`,
      });
    }
  }
  return ops;
}

/** The demo seed with the update targets added to their tables (ids recCb…0001 upwards). */
async function writeSeed(dir: string, targets: Record<TableName, number>): Promise<string> {
  const seed = parse(await readFile(join(REPO_DIR, 'config/emulator/demo-seed.yaml'), 'utf8'));
  for (const base of seed.bases as { tables: { name: TableName; records: unknown[] }[] }[]) {
    for (const table of base.tables) {
      for (let i = 1; i <= (targets[table.name] ?? 0); i++)
        table.records.push({
          record_id: `${RECORD_ID_PREFIX[table.name]}${String(i).padStart(4, '0')}`,
          fields: TABLES[table.name].target(i),
        });
    }
  }
  const path = join(dir, 'seed.yaml');
  await writeFile(path, stringify(seed));
  return path;
}

/** mulberry32: the kill moments are reproducible from --seed. */
function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

async function pollUntil<T>(
  what: string,
  probe: () => Promise<T | undefined | false>,
  everyMs: number,
  timeoutMs: number,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`bench: timed out waiting for ${what}`);
    await sleep(everyMs);
  }
}

async function inPool<T>(items: readonly T[], size: number, run: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: size }, async () => {
    while (next < items.length) await run(items[next++] as T);
  });
  await Promise.all(lanes);
}

async function main(): Promise<void> {
  const wallStarted = Date.now();
  console.log(`command: npx tsx bench/crash-recovery.bench.ts ${args.join(' ')}`.trimEnd());
  const targets: Record<TableName, number> = { Tasks: 0, Accounts: 0, Invoices: 0, Scratch: 0 };
  const workerOps = buildMix(REQUESTS, 'crash bench', targets);
  const redisOps = REDIS_REQUESTS > 0 ? buildMix(REDIS_REQUESTS, 'redis bench', targets) : [];
  const seedDir = await mkdtemp(join(tmpdir(), 'larkgate-bench-seed-'));
  const { demo, call } = await startBenchDemo({
    runWorker: false,
    seedPath: await writeSeed(seedDir, targets),
  });
  const workers: WorkerProcess[] = [];
  const startWorkerProcess = () => {
    const worker = spawnWorker(demo.configPath, join(demo.dir, `worker-${workers.length}.log`));
    workers.push(worker);
    return worker;
  };
  const requests = createRequestStore(demo.runtime.redis, demo.runtime.keys);
  let failed = false;
  try {
    console.log(
      `${new Date().toISOString().slice(0, 10)}, node ${process.version}, ${cpus().length} cores, load average ${loadavg()[0]?.toFixed(1)}; ` +
        `emulator rate limits on; random seed ${SEED}`,
    );
    console.log(
      'approvals: real clicks (chat message → diff card → approver click through the emulator control API); ' +
        `workers: \`larkgate worker --lock-duration 2000 --stalled-interval 1000\`, each its own OS process`,
    );

    // Scenario 1.
    console.log('\nscenario 1: worker SIGKILL while N approved live writes run');
    const intakeWorker = startWorkerProcess();
    const queued = await askAndApprove(demo, call, workerOps, async () => {
      // No worker while the approvals land: all N are queued before the first runs.
      await intakeWorker.stop();
    });
    await holdRecordWrites(demo, call, WRITE_LATENCY_MS);
    const runStarted = Date.now();
    const ids = queued.filter((q) => q.acked).map((q) => q.requestId);
    const { kills, worker } = await killWorkers({
      demo,
      requests,
      ids,
      random: createRandom(SEED),
      start: startWorkerProcess,
    });
    await pollUntil(
      'every request to be final',
      async () => allFinal(requests, ids),
      500,
      FINAL_TIMEOUT_MS,
    ).catch(() => undefined);
    const runMs = Date.now() - runStarted;
    await worker.stop();
    await call('DELETE', '/__emulator/faults');
    const one = await tally(demo, call, requests, queued);
    const audit = await readAudit(demo);
    const recoveries = kills.map((kill) => {
      const next = audit
        .filter((event) => event.type === 'op.applied' && Date.parse(event.ts) >= kill.at)
        .map((event) => Date.parse(event.ts))
        .sort((a, b) => a - b)[0];
      return next === undefined ? Number.NaN : next - kill.at;
    });
    kills.forEach((kill, k) => {
      const next = Number.isNaN(recoveries[k]) ? 'never' : `after ${seconds(recoveries[k] as number)}`;
      console.log(
        `  kill ${k + 1} at +${seconds(kill.at - runStarted)}, ${kill.done}/${ids.length} final, ${kill.moment}: ` +
          `${kill.inFlight.length > 0 ? kill.inFlight.join('; ') : 'no live-op job active'}; next op.applied ${next}`,
      );
    });
    printTally(one, { kills: kills.length, runMs, writeLatencyMs: WRITE_LATENCY_MS });
    console.log(
      `  recovery after a kill (kill → next op.applied, new worker's start-up included): ${summary(recoveries)}`,
    );
    if (isBroken(one) || kills.length < KILLS) failed = true;
    if (kills.length < KILLS)
      console.log(`  only ${kills.length} of ${KILLS} kills landed before the work ran out`);

    // Scenario 2.
    if (redisOps.length > 0) {
      console.log('\nscenario 2: redis-server SIGKILL right after approvals are acknowledged (AOF everysec)');
      const server = demo.redisServer;
      if (!server) throw new Error('the demo did not spawn its own redis-server');
      const appendonly = await demo.runtime.redis.config('GET', 'appendonly');
      const intake = startWorkerProcess();
      const acked = await askAndApprove(demo, call, redisOps, async () => {
        await intake.stop();
      });
      const lastAckAt = Math.max(...acked.map((q) => q.ackedAt));
      const killedAt = Date.now();
      await server.kill();
      const downAt = Date.now();
      await server.start();
      const restartMs = Date.now() - downAt;
      const present = await countPresent(demo, requests, acked);
      console.log(
        `  redis-server (appendonly ${appendonly[1]}, appendfsync everysec) SIGKILLed ${killedAt - lastAckAt} ms after the last acknowledgement; ` +
          `restarted on port ${server.port} with its data folder, answering PING after ${restartMs} ms`,
      );
      console.log(
        `  approved-acked ${acked.filter((q) => q.acked).length} of ${redisOps.length}; present after restart: ` +
          `${present.approved} approved with their artefact, ${present.jobs} live-op jobs in their queues`,
      );
      const drainStarted = Date.now();
      const drainer = startWorkerProcess();
      const redisIds = acked.filter((q) => q.acked).map((q) => q.requestId);
      await pollUntil(
        'every request to be final',
        async () => allFinal(requests, redisIds),
        500,
        FINAL_TIMEOUT_MS,
      ).catch(() => undefined);
      const drainMs = Date.now() - drainStarted;
      await drainer.stop();
      const two = await tally(demo, call, requests, acked);
      printTally(two, { kills: 0, runMs: drainMs, writeLatencyMs: 0 });
      const missing = acked.filter((q) => q.acked).length - Math.min(present.approved, present.jobs);
      if (isBroken(two) || missing > 0) failed = true;
    }

    const verify = await verifyAudit(demo);
    console.log(`\naudit verify (file and stream): exit ${verify.code}: ${verify.line}`);
    console.log(`wall time ${seconds(Date.now() - wallStarted)}`);
  } finally {
    for (const worker of workers) await worker.kill();
    await demo.close();
    await rm(seedDir, { recursive: true, force: true });
  }
  if (failed) {
    console.error('FAILED: an approved op was lost or applied twice (or the run fell short); see above');
    process.exit(1);
  }
}

type Call = Awaited<ReturnType<typeof startBenchDemo>>['call'];

type Kill = { at: number; done: number; moment: string; inFlight: string[] };

/**
 * Starts a worker and SIGKILLs it KILLS times, spawning a new one right after each kill. Kill k waits for a
 * random share (5–90 %, sorted) of the requests to be final and for the current worker to have applied an
 * op; odd kills then land at a random moment (0–2 s on), even ones a random 0–200 ms after a request is
 * seen at step `writing` (its Lark write about to go out or held by the emulator), so creates are caught
 * mid-write and not only while a job posts its outcome to chat.
 */
async function killWorkers(input: {
  demo: Demo;
  requests: RequestStore;
  ids: readonly string[];
  random: () => number;
  start: () => WorkerProcess;
}): Promise<{ kills: Kill[]; worker: WorkerProcess }> {
  const { demo, requests, ids, random } = input;
  const shares = Array.from({ length: KILLS }, () => 0.05 + random() * 0.85).sort((a, b) => a - b);
  const kills: Kill[] = [];
  let worker = input.start();
  for (const [k, share] of shares.entries()) {
    const startedAt = Date.now();
    const ready = await pollUntil(
      'the worker to apply an op',
      async () => {
        if ((await allFinal(requests, ids)) === 'done') return 'done';
        if ((await countFinal(requests, ids)) < share * ids.length) return false;
        return appliedSince(demo, startedAt);
      },
      100,
      FINAL_TIMEOUT_MS,
    );
    if (ready === 'done') break;
    let moment: string;
    if (k % 2 === 1) {
      const writing = await pollUntil('a write', async () => isWriting(requests), 10, 60_000).catch(
        () => false,
      );
      const delayMs = Math.round(random() * MAX_WRITE_KILL_DELAY_MS);
      await sleep(delayMs);
      moment = writing ? `${delayMs} ms after a request reached step writing` : 'no write seen within 60 s';
    } else {
      const delayMs = Math.round(random() * MAX_KILL_DELAY_MS);
      await sleep(delayMs);
      moment = `random moment (${delayMs} ms after the trigger)`;
    }
    if ((await allFinal(requests, ids)) === 'done') break;
    const at = Date.now();
    await worker.kill();
    kills.push({
      at,
      done: await countFinal(requests, ids),
      moment,
      inFlight: await describeActive(demo, requests),
    });
    worker = input.start();
  }
  return { kills, worker };
}

/**
 * Alice asks for every op in the requests chat; once every diff card is there, `beforeClicks` runs (the
 * intake worker stops), then the approvers click Approve on each card.
 */
async function askAndApprove(
  demo: Demo,
  call: Call,
  ops: readonly Op[],
  beforeClicks: () => Promise<void>,
): Promise<Queued[]> {
  const asked = new Map<string, Op>();
  const started = Date.now();
  for (const op of ops) {
    const message = await call('POST', '/__emulator/chats/oc_requests/messages', {
      from: demo.info.users.requester,
      text: `@Larkgate ${op.text}`,
    });
    asked.set(message.message_id, op);
  }
  const cards = await pollUntil(
    `${ops.length} diff cards`,
    async () => {
      const items: Item[] = (await call('GET', '/__emulator/chats/oc_requests/messages')).items;
      const replies = items.filter((item) => item.parent_id !== null && asked.has(item.parent_id));
      const refused = replies.find((item) => item.msg_type !== 'interactive');
      if (refused) throw new Error(`a request was refused in chat: ${refused.text}`);
      return replies.length >= ops.length ? replies : undefined;
    },
    1_000,
    5 * 60_000,
  );
  const cardsMs = Date.now() - started;
  await beforeClicks();
  const queued: Queued[] = cards.map((card) => {
    const value = approveValue(card);
    return {
      ...(asked.get(card.parent_id as string) as Op),
      requestId: String(value.request_id),
      cardMessageId: card.message_id,
      acked: false,
      ackedAt: 0,
    };
  });
  const clicksStarted = Date.now();
  const refusals: string[] = [];
  await inPool(queued, CLICK_CONCURRENCY, async (q) => {
    const card = cards.find((c) => c.message_id === q.cardMessageId) as Item;
    for (const approver of APPROVERS[q.base]) {
      const answer = await call('POST', `/__emulator/messages/${q.cardMessageId}/actions`, {
        from: approver,
        value: approveValue(card),
      });
      const toast = answer.toast as { type: string; content: string } | null;
      if (answer.status !== 200 || toast?.type !== 'success') {
        refusals.push(`${q.requestId} ${approver}: ${answer.error ?? toast?.content}`);
        return;
      }
      if (toast.content.startsWith('Approved')) {
        q.acked = true;
        q.ackedAt = Date.now();
      }
    }
  });
  const creates = ops.filter((op) => op.op === 'create').length;
  const perBase = (['crm', 'billing', 'sandbox'] as const)
    .map((alias) => `${alias} ${ops.filter((op) => op.base === alias).length}`)
    .join(', ');
  console.log(
    `  queued ${ops.length} approved live writes (${creates} creates, ${ops.length - creates} updates; ${perBase}): ` +
      `${queued.filter((q) => q.acked).length}/${ops.length} approvals acknowledged; ` +
      `diff cards in ${seconds(cardsMs)}, clicks in ${seconds(Date.now() - clicksStarted)}`,
  );
  for (const refusal of refusals) console.log(`  click refused: ${refusal}`);
  return queued;
}

/** Lark's record creates and updates take `latencyMs` at the emulator (a latency fault), so kills can land mid-write. */
async function holdRecordWrites(demo: Demo, call: Call, latencyMs: number): Promise<void> {
  if (latencyMs <= 0) return;
  for (const base of demo.info.bases) {
    for (const table of base.tables) {
      const records = `/open-apis/bitable/v1/apps/${base.app_token}/tables/${table.table_id}/records`;
      for (const fault of [
        { path_prefix: records, exact: true, method: 'POST' },
        { path_prefix: `${records}/`, method: 'PUT' },
      ])
        await call('POST', '/__emulator/faults', {
          kind: 'latency',
          count: -1,
          latency_ms: latencyMs,
          ...fault,
        });
    }
  }
}

/** Whether any op.applied was audited after `since` (the newest stream entries only). */
async function appliedSince(demo: Demo, since: number): Promise<'working' | false> {
  const entries = await demo.runtime.redis.xrevrange(
    demo.runtime.loaded.config.audit.stream,
    '+',
    '-',
    'COUNT',
    200,
  );
  for (const [, fields] of entries) {
    const event = parseLine(fields[1] ?? '');
    if (event?.type === 'op.applied' && Date.parse(event.ts) > since) return 'working';
  }
  return false;
}

async function allFinal(requests: RequestStore, ids: readonly string[]): Promise<'done' | false> {
  const [approved, executing] = await Promise.all([
    requests.listByState('approved'),
    requests.listByState('executing'),
  ]);
  const open = new Set([...approved, ...executing]);
  if (ids.some((id) => open.has(id))) return false;
  for (const id of ids) {
    const stored = await requests.get(id);
    if (!stored || !FINAL_STATES.has(stored.request.state)) return false;
  }
  return 'done';
}

/** Whether some request is at step `writing` (its write sent or about to be). */
async function isWriting(requests: RequestStore): Promise<boolean> {
  for (const id of await requests.listByState('executing')) {
    if ((await requests.get(id))?.request.execution?.step === 'writing') return true;
  }
  return false;
}

/** How many of `ids` are in a final state (the open ones are in the approved and executing indexes). */
async function countFinal(requests: RequestStore, ids: readonly string[]): Promise<number> {
  const [approved, executing] = await Promise.all([
    requests.listByState('approved'),
    requests.listByState('executing'),
  ]);
  const open = new Set([...approved, ...executing]);
  return ids.filter((id) => !open.has(id)).length;
}

/**
 * The live-op jobs a kill left active, with their request's persisted step (nothing moves until the next
 * worker). A job whose request is already final was posting its outcome (card, audit chat line).
 */
async function describeActive(demo: Demo, requests: RequestStore): Promise<string[]> {
  const out: string[] = [];
  for (const base of demo.info.bases) {
    const queue = openLiveOpQueue(demo, base.alias as BaseAlias);
    try {
      for (const job of await queue.getActive()) {
        const request = (await requests.get(String(job.id)))?.request;
        const where =
          request?.state === 'executing'
            ? `step ${request.execution?.step ?? '?'}`
            : `${request?.state ?? 'missing'}, posting its outcome`;
        out.push(`${base.alias} ${request?.plan.op ?? '?'} ${job.id} (${where})`);
      }
    } finally {
      await queue.close();
    }
  }
  return out;
}

type Tally = {
  total: number;
  acked: number;
  states: Map<string, number>;
  lost: string[];
  duplicates: string[];
  needsReview: string[];
  appliedEvents: { once: number; more: string[] };
  sends: { once: number; more: number; none: number };
  reconciled: number;
  backups: { ok: number; of: number };
  /** Per live-op job: times BullMQ moved it to active (retries and stall re-runs), and attempts spent (10 allowed). */
  runs: number[];
  attemptsMade: number[];
};

/** Every request's end, checked against the emulator's Bases and request log, and the audit log. */
async function tally(demo: Demo, call: Call, requests: RequestStore, all: readonly Queued[]): Promise<Tally> {
  // Only an acknowledged approval promises a write; a refused click is printed where it happened.
  const queued = all.filter((q) => q.acked);
  const calls: LarkCall[] = (await call('GET', '/__emulator/requests')).items;
  const rows = new Map<TableName, Row[]>();
  for (const base of demo.info.bases) {
    const snapshot = await call('GET', `/__emulator/bases/${base.app_token}`);
    for (const table of snapshot.tables as { name: TableName; records: Row[] }[])
      rows.set(table.name, table.records);
  }
  const audit = await readAudit(demo);
  const applied = new Map<string, AuditLine[]>();
  for (const event of audit)
    if (event.type === 'op.applied' && event.request_id)
      applied.set(event.request_id, [...(applied.get(event.request_id) ?? []), event]);
  const { loaded } = demo.runtime;
  const reader = createBackupReader({
    store: createBackupStore({ dir: resolveFrom(loaded.dir, loaded.config.backup.dir) }),
    privateKeys: [demo.privateKey],
  });

  const result: Tally = {
    total: all.length,
    acked: queued.length,
    states: new Map(),
    lost: [],
    duplicates: [],
    needsReview: [],
    appliedEvents: { once: 0, more: [] },
    sends: { once: 0, more: 0, none: 0 },
    reconciled: 0,
    backups: { ok: 0, of: 0 },
    runs: [],
    attemptsMade: [],
  };
  const queues = new Map<BaseAlias, Queue>();
  for (const q of queued) {
    const request = (await requests.get(q.requestId))?.request;
    const state = request?.state ?? 'missing';
    result.states.set(state, (result.states.get(state) ?? 0) + 1);
    const spec = TABLES[q.table];
    const base = demo.info.bases.find((b) => b.alias === q.base);
    const records = `/open-apis/bitable/v1/apps/${base?.app_token}/tables/${base?.tables.find((t) => t.name === q.table)?.table_id}/records`;
    let effects: number;
    let sends: number;
    if (q.op === 'create') {
      effects = (rows.get(q.table) ?? []).filter(
        (row) => cellText(row.fields[spec.primary]) === q.key,
      ).length;
      const token = deriveClientToken(q.requestId, 0);
      sends = calls.filter(
        (c) => c.method === 'POST' && c.path === records && c.query.includes(`client_token=${token}`),
      ).length;
    } else {
      const row = (rows.get(q.table) ?? []).find((r) => r.record_id === q.key);
      effects = row?.fields[spec.number] === q.value ? 1 : 0;
      sends = calls.filter((c) => c.method === 'PUT' && c.path === `${records}/${q.key}`).length;
    }
    // An update PUT twice is an update applied twice, even with the same value.
    if (effects === 0) result.lost.push(`${q.requestId} (${q.op} ${q.base}/${q.table} ${q.key}, ${state})`);
    if (effects > 1 || (q.op === 'update' && sends > 1))
      result.duplicates.push(`${q.requestId} (${q.op} ${q.key}: ${effects} records, ${sends} writes sent)`);
    if (sends === 1) result.sends.once++;
    else if (sends > 1) result.sends.more++;
    else result.sends.none++;
    if (state === 'needs_review')
      result.needsReview.push(`${q.requestId} (${q.op} ${q.key}): ${request?.execution?.problem ?? '?'}`);
    const events = applied.get(q.requestId) ?? [];
    if (events.length === 1) result.appliedEvents.once++;
    else if (events.length > 1)
      result.appliedEvents.more.push(
        `${q.requestId} ×${events.length} (written_now ${events.map((e) => e.details.written_now).join(', ')})`,
      );
    if (events.some((e) => e.details.reconciled === true)) result.reconciled++;
    const queue = queues.get(q.base) ?? openLiveOpQueue(demo, q.base);
    queues.set(q.base, queue);
    const job = await queue.getJob(q.requestId);
    if (job) {
      result.runs.push(job.attemptsStarted);
      result.attemptsMade.push(job.attemptsMade);
    }
    const backupId = request?.execution?.backupId;
    if (backupId) {
      result.backups.of++;
      const ok = await reader.read(backupId).then(
        () => true,
        () => false,
      );
      if (ok) result.backups.ok++;
    }
  }
  for (const queue of queues.values()) await queue.close();
  return result;
}

/** Lost, applied twice, or still open when the wait ran out. */
function isBroken(t: Tally): boolean {
  const open = [...t.states].some(([state]) => !FINAL_STATES.has(state as GovernedRequest['state']));
  return t.lost.length > 0 || t.duplicates.length > 0 || open;
}

function printTally(t: Tally, run: { kills: number; runMs: number; writeLatencyMs: number }): void {
  const states = [...t.states].map(([state, n]) => `${state} ${n}`).join(', ');
  console.log(
    `  N ${t.total} (acked ${t.acked}), kills ${run.kills}, lost ${t.lost.length}, duplicate effects ${t.duplicates.length}; ` +
      `final states: ${states}; ran in ${seconds(run.runMs)}` +
      (run.writeLatencyMs > 0 ? ` (Lark record writes held ${run.writeLatencyMs} ms each)` : ''),
  );
  for (const lost of t.lost) console.log(`    LOST ${lost}`);
  for (const duplicate of t.duplicates) console.log(`    APPLIED TWICE ${duplicate}`);
  console.log(`  needs_review ${t.needsReview.length}${t.needsReview.length > 0 ? ':' : ''}`);
  for (const review of t.needsReview) console.log(`    ${review}`);
  console.log(
    `  Lark writes sent per request (POST by client_token, PUT by record): one ${t.sends.once}, several ${t.sends.more}, none ${t.sends.none}; ` +
      `op.applied saying reconciled (landed before a kill, adopted by reading) ${t.reconciled}`,
  );
  console.log(
    `  op.applied events per request: one ${t.appliedEvents.once}, more than one ${t.appliedEvents.more.length}` +
      (t.appliedEvents.more.length > 0 ? `: ${t.appliedEvents.more.join('; ')}` : ''),
  );
  console.log(`  backups of the before-state that decrypt and parse: ${t.backups.ok}/${t.backups.of}`);
  const runs = new Map<number, number>();
  for (const n of t.runs) runs.set(n, (runs.get(n) ?? 0) + 1);
  console.log(
    `  live-op job runs per request (times taken by a worker: count): ${[...runs]
      .sort(([a], [b]) => a - b)
      .map(([n, count]) => `${n}: ${count}`)
      .join(', ')}; most attempts spent by one job ${Math.max(0, ...t.attemptsMade)} of 10`,
  );
}

/** After the restart: requests still approved with their artefact, and their live-op jobs still queued. */
async function countPresent(
  demo: Demo,
  requests: RequestStore,
  acked: readonly Queued[],
): Promise<{ approved: number; jobs: number }> {
  const queues = new Map<BaseAlias, Queue>();
  let approved = 0;
  let jobs = 0;
  try {
    for (const q of acked.filter((a) => a.acked)) {
      const request: GovernedRequest | undefined = (await requests.get(q.requestId))?.request;
      if (
        request?.state === 'approved' &&
        request.artefactId &&
        (await requests.getArtefact(request.artefactId))
      )
        approved++;
      const queue = queues.get(q.base) ?? openLiveOpQueue(demo, q.base);
      queues.set(q.base, queue);
      if (await queue.getJob(q.requestId)) jobs++;
    }
  } finally {
    for (const queue of queues.values()) await queue.close();
  }
  return { approved, jobs };
}

function openLiveOpQueue(demo: Demo, alias: BaseAlias): Queue {
  return new Queue(liveOpQueueName(alias), {
    connection: demo.runtime.connectForWorker(),
    prefix: demo.runtime.keys.queuePrefix,
  });
}

/** The audit events of every chain, file and stream together (a SIGKILL can leave one sink a line short). */
async function readAudit(demo: Demo): Promise<AuditLine[]> {
  const texts = [
    ...(await readAuditFile(demo.runtime.auditFile)).map((record) => record.text),
    ...(await readAuditStream(demo.runtime.redis, demo.runtime.loaded.config.audit.stream)).map(
      (record) => record.text,
    ),
  ];
  const events = new Map<string, AuditLine>();
  for (const text of texts) {
    const event = parseLine(text);
    if (event) events.set(`${event.chain}#${event.seq}`, event);
  }
  return [...events.values()];
}

function parseLine(text: string): AuditLine | undefined {
  try {
    return JSON.parse(text) as AuditLine;
  } catch {
    return undefined;
  }
}

function cellText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map((part) => (part as { text?: string }).text ?? '').join('');
  return '';
}

/** `larkgate audit verify` over the file and the stream, as an operator would run it. */
async function verifyAudit(demo: Demo): Promise<{ code: number; line: string }> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [
        join(REPO_DIR, 'bin/larkgate.js'),
        'audit',
        'verify',
        '--config',
        demo.runtime.loaded.path,
        '--redis',
        demo.redisUrl,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once('close', (code) => {
      const lines = output.trim().split('\n');
      resolve({ code: code ?? 1, line: lines.slice(-3).join(' | ') });
    });
  });
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
