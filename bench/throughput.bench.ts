/**
 * Issue 17 throughput: 200 approved single-record updates spread over 4 bases (the demo's crm: Tasks,
 * billing: Invoices, sandbox: Scratch, and this bench's own ops: Tickets), Lark's rate limits on in the
 * emulator and 20 ms on every
 * Lark call. All 200 cards are asked for first (the replies are paced at 4/s per chat), then approved at
 * once; the figure is first click → last `op.verified` (audit log), against what one write in flight per
 * Base and Lark's rate limits allow for the calls each update cannot avoid (re-read, write, read back,
 * card patch). The worker runs in its own process (its RSS sampled); serve shares this one with the emulator.
 *
 * Run: npx tsx bench/throughput.bench.ts [ops=200]
 */
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as lark from '@larksuiteoapi/node-sdk';
import { parse } from 'yaml';
import { spawnWorker } from '../src/main/spawn-worker-process.js';
import type { DemoExtraBase } from '../src/main/start-demo.js';
import { approveValue, reportTarget, sampleRss, startBenchDemo, waitUntil } from './bench-kit.js';

const OPS = Number(process.argv[2] ?? 200);
const LATENCY_MS = 20;

type Item = { message_id: string; parent_id: string | null; msg_type: string; content: unknown };
type AuditLine = { ts: string; type: string; request_id: string | null };
type LarkCall = { time: number; endpoint: string | null; status: number | null };

/** The issue asks for 4 bases; the demo has 3, so this bench adds one of its own (L0 live, like sandbox). */
const OPS_BASE: DemoExtraBase = {
  seed: {
    app_token: 'OpsBenchBaseToken000000000D',
    name: 'Ops',
    app_permission: 'edit',
    tables: [
      {
        table_id: 'tblTickets000001',
        name: 'Tickets',
        fields: [
          { field_name: 'Name', type: 1 },
          { field_name: 'Count', type: 2 },
        ],
        records: [],
      },
    ],
  },
  policy: {
    alias: 'ops',
    name: 'Ops',
    tier: 'L0',
    stage: 'live',
    tables: ['Tickets'],
    approvers: ['ou_bob'],
    approvals_needed: 1,
  },
};

const TABLES = [
  { base: 'crm', table: 'Tasks', number: 'Points', seed: (i: number) => ({ Title: `tp ${i}`, Points: 0 }) },
  { base: 'ops', table: 'Tickets', number: 'Count', seed: (i: number) => ({ Name: `tp ${i}`, Count: 0 }) },
  {
    base: 'billing',
    table: 'Invoices',
    number: 'Amount',
    seed: (i: number) => ({ Number: `TP-${i}`, Customer: 'Throughput', Amount: 0, Status: 'Draft' }),
  },
  {
    base: 'sandbox',
    table: 'Scratch',
    number: 'Value',
    seed: (i: number) => ({ Name: `tp ${i}`, Value: 0, Larkgate: 'deletable' }),
  },
] as const;
const APPROVERS: Record<string, string[]> = {
  crm: ['ou_bob'],
  billing: ['ou_bob', 'ou_carol'],
  sandbox: ['ou_bob'],
  ops: ['ou_bob'],
};

async function main(): Promise<void> {
  // The worker in its own process, as in production, so its memory is its own.
  const { demo, call } = await startBenchDemo({
    emulator: { rateLimits: true },
    runWorker: false,
    extraBases: [OPS_BASE],
  });
  const worker = spawnWorker(demo.configPath, join(demo.dir, 'worker.log'), { LOG_LEVEL: 'info' });
  try {
    await worker.ready;
    const raw = new lark.Client({
      appId: demo.seed.app.app_id,
      appSecret: demo.seed.app.app_secret,
      domain: demo.info.emulator,
      loggerLevel: lark.LoggerLevel.error,
    });
    // Records to update, one per op, so no update makes another stale.
    const perTable = Math.ceil(OPS / TABLES.length);
    const ids: string[][] = [];
    for (const spec of TABLES) {
      const base = demo.info.bases.find((b) => b.alias === spec.base);
      const tableId = base?.tables.find((t) => t.name === spec.table)?.table_id as string;
      const created = await raw.bitable.appTableRecord.batchCreate({
        path: { app_token: base?.app_token as string, table_id: tableId },
        data: { records: Array.from({ length: perTable }, (_, i) => ({ fields: spec.seed(i) })) } as never,
      });
      if (created.code !== 0) throw new Error(`seed ${spec.table}: ${created.code} ${created.msg}`);
      ids.push((created.data?.records ?? []).map((r) => r.record_id as string));
    }
    await call('POST', '/__emulator/faults', {
      kind: 'latency',
      path_prefix: '/open-apis',
      count: -1,
      latency_ms: LATENCY_MS,
    });

    const asked: { base: string; messageId: string }[] = [];
    for (let i = 0; i < OPS; i++) {
      const spec = TABLES[i % TABLES.length] as (typeof TABLES)[number];
      const recordId = ids[i % TABLES.length]?.[Math.floor(i / TABLES.length)] as string;
      const sent = await call('POST', '/__emulator/chats/oc_requests/messages', {
        from: 'ou_alice',
        text: `@Larkgate update ${spec.base}/${spec.table} ${recordId} ${spec.number}=${1_000 + i}`,
      });
      asked.push({ base: spec.base, messageId: sent.message_id });
    }
    const cardsStarted = performance.now();
    const cards = await waitUntil(async () => {
      const all: Item[] = (await call('GET', '/__emulator/chats/oc_requests/messages')).items;
      const byParent = new Map(all.filter((m) => m.parent_id).map((m) => [m.parent_id, m]));
      const found = asked.map((a) => byParent.get(a.messageId));
      return found.every((card) => card?.msg_type === 'interactive') ? (found as Item[]) : undefined;
    }, 600_000);
    console.log(
      `${OPS} update requests → ${OPS} diff cards in ${((performance.now() - cardsStarted) / 1000).toFixed(1)} s (replies paced at 4/s per chat)`,
    );

    const rss = sampleRss();
    const workerPid = worker.child.pid as number;
    let workerPeak = 0;
    const workerTimer = setInterval(() => {
      workerPeak = Math.max(workerPeak, procRssMb(workerPid));
    }, 100);
    const clicked = Date.now();
    await Promise.all(
      cards.map(async (card, i) => {
        for (const approver of APPROVERS[asked[i]?.base as string] ?? []) {
          const answer = await call('POST', `/__emulator/messages/${card.message_id}/actions`, {
            from: approver,
            value: approveValue(card),
          });
          if (answer.status !== 200) throw new Error(`click refused: ${JSON.stringify(answer)}`);
        }
      }),
    );
    const auditLines = async (): Promise<AuditLine[]> =>
      (await readFile(demo.runtime.auditFile, 'utf8'))
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => JSON.parse(line) as AuditLine);
    const audit = await waitUntil(async () => {
      const lines = await auditLines();
      const final = lines.filter(
        (e) => Date.parse(e.ts) >= clicked && /^op\.(verified|verify_failed|stale|failed)$/.test(e.type),
      );
      return final.length >= OPS ? lines : undefined;
    }, 600_000);
    const peak = rss.stop();
    clearInterval(workerTimer);
    workerPeak = Math.max(workerPeak, procRssMb(workerPid));
    // The demo's start-up drill is in the log too: only what follows the first click counts.
    const verified = audit.filter((e) => e.type === 'op.verified' && Date.parse(e.ts) >= clicked);
    const firstApproval = clicked;
    const lastVerified = Math.max(...verified.map((e) => Date.parse(e.ts)));
    const seconds = (lastVerified - firstApproval) / 1000;
    const achieved = verified.length / seconds;

    // What the calls each update cannot avoid allow.
    const calls: LarkCall[] = (await call('GET', '/__emulator/requests')).items;
    const inRun = calls.filter((c) => c.time >= firstApproval && c.time <= lastVerified + 2_000);
    const counts = new Map<string, number>();
    for (const c of inRun) counts.set(c.endpoint ?? '?', (counts.get(c.endpoint ?? '?') ?? 0) + 1);
    const limits = parse(
      await readFile(join(import.meta.dirname, '../config/lark-api-limits.yaml'), 'utf8'),
    ) as { rate_limits: Record<string, { per_second: number }> };
    const perSecond = (endpoint: string) =>
      limits.rate_limits[endpoint]?.per_second ?? Number.POSITIVE_INFINITY;
    const readEndpoint =
      (counts.get('bitable.record.search') ?? 0) > (counts.get('bitable.record.batch_get') ?? 0)
        ? 'bitable.record.search'
        : 'bitable.record.batch_get';
    const needed: [string, number][] = [
      [readEndpoint, 2 * OPS], // re-read and read back
      ['bitable.record.update', OPS],
      ['im.message.patch', OPS],
    ];
    const byRate = Math.max(...needed.map(([endpoint, n]) => n / perSecond(endpoint)));
    const perBase = new Map<string, number>();
    for (const a of asked) perBase.set(a.base, (perBase.get(a.base) ?? 0) + 1);
    // One write in flight per Base: its re-read, write and read back run one after another.
    const bySerialisation = Math.max(...[...perBase.values()].map((n) => (n * 3 * LATENCY_MS) / 1000));
    const allowed = OPS / Math.max(byRate, bySerialisation);
    if (process.env.BENCH_DUMP_CALLS) for (const c of inRun) console.log(JSON.stringify(c));
    const described = [...counts]
      .filter(([endpoint]) => endpoint.startsWith('bitable') || endpoint.startsWith('im'))
      .map(([endpoint, n]) => `${endpoint} ×${n}`)
      .join(', ');
    console.log(
      `${verified.length}/${OPS} applied and verified in ${seconds.toFixed(1)} s (first click → last op.verified): ${achieved.toFixed(1)} ops/s`,
    );
    console.log(`Lark calls in that time: ${described}`);
    console.log(
      `allowed: ${allowed.toFixed(1)} ops/s = ${OPS} ops in max(rate limits ${byRate.toFixed(1)} s [${needed.map(([e, n]) => `${e} ${n} at ${perSecond(e)}/s`).join(', ')}], ` +
        `one write per Base ${bySerialisation.toFixed(1)} s [${[...perBase].map(([b, n]) => `${b} ${n}`).join(', ')} × 3 calls × ${LATENCY_MS} ms])`,
    );
    reportTarget({
      name: `throughput, ${OPS} approved updates over ${perBase.size} bases`,
      figure: `${achieved.toFixed(1)} ops/s (${(achieved / allowed).toFixed(2)}× allowed)`,
      target: `≥ ${(0.9 * allowed).toFixed(1)} ops/s (0.9×)`,
      ratio: (0.9 * allowed) / achieved,
      note: `allowed ${allowed.toFixed(1)} ops/s by rate limits and per-Base serialisation; ${verified.length}/${OPS} verified; audit-chat messages ${counts.get('im.message.create') ?? 0}`,
    });
    reportTarget({
      name: 'worker RSS under the throughput load (own process)',
      figure: `${workerPeak.toFixed(0)} MB`,
      target: '≤ 150 MB',
      ratio: workerPeak / 150,
      note: '`larkgate worker` (intake and live ops) sampled every 100 ms from /proc',
    });
    reportTarget({
      name: 'serve RSS under the throughput load (with the emulator)',
      figure: `${peak.toFixed(0)} MB`,
      target: '≤ 150 MB',
      ratio: peak / 150,
      note: 'serve shares its process with the emulator (which keeps every message and request) and the bench: an upper bound',
    });
  } finally {
    await worker.stop();
    await demo.close();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);

/** A process's resident set size now (/proc/<pid>/status VmRSS), in MB; 0 once it is gone. */
function procRssMb(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    return (kb * 1024) / 1e6;
  } catch {
    return 0;
  }
}
