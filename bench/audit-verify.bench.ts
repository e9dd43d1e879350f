// Verifier speed for reliability-notes §10 scenario 10 and issue 17 (≤ 10 s for 1,000,000 events):
// `npx tsx bench/audit-verify.bench.ts [events] [chains]` (`npm run bench -- audit` with the defaults).
// Writes a file of valid events from several interleaved chains, then times reading and verifying it.
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildAuditHashKey } from '../src/domain/audit-event.js';
import { type AuditChainHead, buildAuditEvent } from '../src/domain/build-audit-event.js';
import { canonicalJson } from '../src/domain/canonical-json.js';
import { verifyAuditChain } from '../src/domain/verify-audit-chain.js';
import { readAuditFile } from '../src/store/read-audit-file.js';
import { reportTarget } from './bench-kit.js';

const count = Number(process.argv[2] ?? 1_000_000);
const chainCount = Number(process.argv[3] ?? 4);
const hashKey = buildAuditHashKey('bench-audit-hash-key-0123456789');
const dir = await mkdtemp(join(tmpdir(), 'larkgate-bench-audit-'));
const path = join(dir, 'audit.jsonl');

try {
  const heads: AuditChainHead[] = Array.from({ length: chainCount }, (_, i) => ({
    chain: `worker-bench-${i}-x`,
    seq: 0,
  }));
  const out = createWriteStream(path);
  let started = performance.now();
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

  started = performance.now();
  const records = await readAuditFile(path);
  const read = performance.now() - started;
  started = performance.now();
  const result = verifyAuditChain(records, { sink: 'file', hashKey });
  const verified = performance.now() - started;

  if (!result.ok) throw new Error(`bench log failed verification: ${JSON.stringify(result.firstBad)}`);
  const seconds = (ms: number) => `${(ms / 1_000).toFixed(2)} s`;
  console.log(
    JSON.stringify({
      events: count,
      chains: chainCount,
      file_mb: Number((bytes / 1e6).toFixed(1)),
      build_and_write: seconds(built),
      read: seconds(read),
      verify: seconds(verified),
      verify_events_per_s: Math.round(count / (verified / 1_000)),
    }),
  );
  const total = (read + verified) / 1_000;
  reportTarget({
    name: `audit verify, ${count.toLocaleString('en')} events`,
    figure: `${total.toFixed(1)} s`,
    target: `≤ ${((10 * count) / 1_000_000).toFixed(1)} s`,
    ratio: total / ((10 * count) / 1_000_000),
    note: `read ${seconds(read)} + verify ${seconds(verified)}, ${chainCount} chains, ${(bytes / 1e6).toFixed(0)} MB`,
  });
} finally {
  await rm(dir, { recursive: true, force: true });
}
