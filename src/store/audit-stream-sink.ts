import type { Redis } from 'ioredis';
import type { AuditSink } from './create-audit-log.js';

export const DEFAULT_AUDIT_STREAM_KEY = 'larkgate:audit';

export type AuditStreamSinkOptions = {
  /**
   * A connection for the audit log alone, made with `maxRetriesPerRequest: 0` and
   * `enableOfflineQueue: false`: a command must never be resent after a reconnect (that would write an
   * event twice) nor wait in a queue while Redis is down (the log must learn at once that it is down).
   */
  redis: Redis;
  key?: string;
  /** The name `audit.sink_gap` events use for this sink. */
  name?: string;
  /** How long one XADD (or the first connection) may take before it counts as failed. */
  timeoutMs?: number;
  /**
   * The hard cap, asked before every write: a number caps the stream (XADD MAXLEN ~), null leaves it
   * uncapped. The runtime answers null while the file sink is failing: then the stream may be the only
   * copy, and nothing may drop off it.
   */
  maxLen?: () => number | null;
};

/** The stream sink: every write resolves with the stream ids of its lines, in order. */
export type AuditStreamSink = Omit<AuditSink, 'write' | 'writeBatch'> & {
  write(line: string): Promise<string[]>;
  writeBatch(lines: readonly string[]): Promise<string[]>;
};

/**
 * The Redis stream sink: XADD of field `e` = the canonical event. Redis must run with AOF for acknowledged
 * events to survive a crash (reliability-notes §2.4). The stream is bounded two ways, both only over what
 * the file already holds: trimming up to the newest checkpoint the file holds (create-audit-stream-trim.ts),
 * and the `maxLen` safety cap.
 */
export function createAuditStreamSink(options: AuditStreamSinkOptions): AuditStreamSink {
  const { redis } = options;
  const key = options.key ?? DEFAULT_AUDIT_STREAM_KEY;
  const timeoutMs = options.timeoutMs ?? 2_000;
  if (redis.options.maxRetriesPerRequest !== 0 || redis.options.enableOfflineQueue !== false) {
    throw new TypeError(
      'createAuditStreamSink: the Redis client needs maxRetriesPerRequest: 0 and enableOfflineQueue: false',
    );
  }
  let lastWriteFailed = false;

  /** Every line as its own stream entry, in one MULTI/EXEC: all of the batch or none of it. Resolves to the entry ids. */
  async function writeLines(lines: readonly string[]): Promise<string[]> {
    try {
      if (redis.status !== 'ready') {
        // Give a connection that is still coming up a moment, but do not make every event wait
        // while Redis is known to be down.
        if (lastWriteFailed || redis.status === 'end') {
          throw Object.assign(new Error('redis is not connected'), { code: 'audit_stream_down' });
        }
        await withTimeout(waitUntilReady(redis), timeoutMs, 'redis did not become ready');
      }
      const transaction = redis.multi();
      const cap = options.maxLen?.() ?? null;
      for (const line of lines) {
        if (cap !== null && cap > 0) transaction.xadd(key, 'MAXLEN', '~', cap, '*', 'e', line);
        else transaction.xadd(key, '*', 'e', line);
      }
      const results = await withTimeout(transaction.exec(), timeoutMs, 'XADD timed out');
      const failed = results?.find(([error]) => error !== null);
      if (!results || failed) throw failed?.[0] ?? new Error('the audit transaction was discarded');
      lastWriteFailed = false;
      return results.map(([, id]) => String(id));
    } catch (error) {
      lastWriteFailed = true;
      throw error;
    }
  }

  return {
    name: options.name ?? 'stream',
    write: (line) => writeLines([line]),
    writeBatch: writeLines,
    // The connection belongs to the caller, who quits it.
    async close() {},
  };
}

function waitUntilReady(redis: Redis): Promise<void> {
  if (redis.status === 'ready') return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onReady = () => {
      redis.off('end', onEnd);
      resolve();
    };
    const onEnd = () => {
      redis.off('ready', onReady);
      reject(Object.assign(new Error('redis connection ended'), { code: 'audit_stream_down' }));
    };
    redis.once('ready', onReady);
    redis.once('end', onEnd);
    if (redis.status === 'wait') redis.connect().catch(() => undefined);
  });
}

async function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error(message), { code: 'audit_stream_timeout' })), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
