// Verifier speed for reliability-notes §10 scenario 10 and issue 17 (≤ 10 s for 1,000,000 events):
// `npx tsx bench/audit-verify.bench.ts [events] [chains] [threads]` (`npm run bench -- audit` with the
// defaults: threads as `larkgate audit verify` picks them, one per core).
// Writes a file of valid events from several interleaved chains, then times what `audit verify` does with
// the file: stream it through worker threads that check each line (JSON, shape, keyed hash), then link the
// chains in the main thread. For comparison, the same file checked in one thread.
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildAuditHashKey } from '../src/domain/audit-event.js';
import { type AuditChainHead, buildAuditEvent } from '../src/domain/build-audit-event.js';
import { canonicalJson } from '../src/domain/canonical-json.js';
import { linkAuditChains } from '../src/domain/verify-audit-chain.js';
import { checkAuditFile } from '../src/store/check-audit-file.js';
import { reportTarget } from './bench-kit.js';

const count = Number(process.argv[2] ?? 1_000_000);
const chainCount = Number(process.argv[3] ?? 4);
const threads = process.argv[4] === undefined ? Math.max(1, availableParallelism()) : Number(process.argv[4]);
const hashKey = buildAuditHashKey('bench-audit-hash-key-0123456789');
const dir = await mkdtemp(join(tmpdir(), 'larkgate-bench-audit-'));
const path = join(dir, 'audit.jsonl');

try {
  const heads: AuditChainHead[] = Array.from({ length: chainCount }, (_, i) => ({
    chain: `worker-bench-${i}-x`,
    seq: 0,
  }));
  const out = createWriteStream(path);
  const started = performance.now();
  for (let i = 0; i < count; i++) {
    const index = i % chainCount;
    const event = buildAuditEvent(
      heads[index] as AuditChainHead,
      {
        type: 'op.applied',
        actor: 'ou_bench',
        requestId: `req-${i}`,
        details: { base: 'CRM', table: 'Tasks', records: 3 },
      },
      new Date(Date.UTC(2026, 0, 1) + i),
      hashKey,
    );
    heads[index] = { chain: event.chain, seq: event.seq, hash: event.hash };
    if (!out.write(`${canonicalJson(event)}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  const built = performance.now() - started;
  const bytes = (await stat(path)).size;

  const timed = async (workers: number) => {
    const start = performance.now();
    const cpuStart = process.cpuUsage();
    const checked = await checkAuditFile(path, { hashKey, threads: workers });
    const checkedAt = performance.now();
    const result = linkAuditChains(checked, { sink: 'file' });
    if (!result.ok) throw new Error(`bench log failed verification: ${JSON.stringify(result.firstBad)}`);
    if (result.events.length !== count)
      throw new Error(`verified ${result.events.length} of ${count} events`);
    const link = performance.now() - checkedAt;
    const cpu = process.cpuUsage(cpuStart);
    // CPU time of every thread: the work done, which a busy machine stretches less than the wall time.
    return { check: checkedAt - start, link, cpu: (cpu.user + cpu.system) / 1_000 };
  };
  const parallel = await timed(threads);
  const single = threads === 0 ? parallel : await timed(0);
  const seconds = (ms: number) => `${(ms / 1_000).toFixed(2)} s`;
  const total = (parallel.check + parallel.link) / 1_000;
  console.log(
    JSON.stringify({
      events: count,
      chains: chainCount,
      threads,
      file_mb: Number((bytes / 1e6).toFixed(1)),
      build_and_write: seconds(built),
      read_and_check: seconds(parallel.check),
      link: seconds(parallel.link),
      total: seconds(total * 1_000),
      events_per_s: Math.round(count / total),
      cpu: seconds(parallel.cpu),
      in_one_thread: seconds(single.check + single.link),
      in_one_thread_cpu: seconds(single.cpu),
    }),
  );
  reportTarget({
    name: `audit verify, ${count.toLocaleString('en')} events`,
    figure: `${total.toFixed(1)} s`,
    target: `≤ ${((10 * count) / 1_000_000).toFixed(1)} s`,
    ratio: total / ((10 * count) / 1_000_000),
    note: `read + check ${seconds(parallel.check)} in ${threads} worker threads + link ${seconds(parallel.link)}, ${chainCount} chains, ${(bytes / 1e6).toFixed(0)} MB; ${seconds(single.check + single.link)} in one thread`,
  });
} finally {
  await rm(dir, { recursive: true, force: true });
}
