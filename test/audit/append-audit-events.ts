// A writer process for the multi-process test: appends `count` events to the shared file and stream.
// Usage: node --import tsx test/audit/append-audit-events.ts <file> <redis-url> <stream-key> <role> <count>
import { hostname } from 'node:os';
import { Redis } from 'ioredis';
import { buildAuditChainId } from '../../src/domain/build-audit-event.js';
import { createAuditFileSink } from '../../src/store/audit-file-sink.js';
import { createAuditStreamSink } from '../../src/store/audit-stream-sink.js';
import { createAuditLog } from '../../src/store/create-audit-log.js';
import { TEST_HASH_KEY } from './audit-test-keys.js';

const [file, redisUrl, key, role, count] = process.argv.slice(2);
if (!file || !redisUrl || !key || !role || !count) {
  process.stderr.write('usage: append-audit-events <file> <redis-url> <stream-key> <role> <count>\n');
  process.exit(2);
}
const redis = new Redis(redisUrl, { maxRetriesPerRequest: 0, enableOfflineQueue: false });
redis.on('error', () => undefined);
const log = createAuditLog({
  chain: buildAuditChainId({ role, hostname: hostname(), pid: process.pid, startMs: Date.now() }),
  sinks: [createAuditFileSink({ path: file }), createAuditStreamSink({ redis, key })],
  clock: () => new Date(),
  hashKey: TEST_HASH_KEY,
  onSinkFailure: ({ sink, seq }) => {
    process.stderr.write(`sink ${sink} failed at seq ${seq}\n`);
    process.exitCode = 1;
  },
});
for (let i = 0; i < Number(count); i++) {
  await log.append({ type: 'op.queued', actor: role, requestId: `${role}-${i}`, details: { i } });
}
await log.close();
redis.disconnect();
