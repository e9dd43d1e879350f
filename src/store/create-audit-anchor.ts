import type { Redis } from 'ioredis';
import { AuditAnchorRecord } from '../domain/audit-anchor-record.js';

/** The Redis hash beside the audit stream that holds each chain's newest signed checkpoint. */
export function auditAnchorKey(streamKey: string): string {
  return `${streamKey}:checkpoints`;
}

export type AuditAnchorEntries = {
  records: AuditAnchorRecord[];
  /** Fields whose value is not an anchor record (the verifier reports them; the writer skips them). */
  malformed: string[];
};

/** Where checkpoints are kept outside the log, so `audit verify` knows how far every chain must reach. */
export type AuditAnchor = {
  save(record: AuditAnchorRecord): Promise<void>;
  read(): Promise<AuditAnchorEntries>;
};

/**
 * The checkpoint anchor in Redis: HSET `<stream>:checkpoints` <chain> <record JSON>. One writer per chain
 * and checkpoints in seq order, so a plain HSET keeps the newest. Use the audit log's own connection
 * (no offline queue): while Redis is down, save fails at once and the checkpoint still reaches the log
 * and the audit chat.
 */
export function createAuditAnchor(options: { redis: Redis; key: string }): AuditAnchor {
  const { redis, key } = options;
  return {
    async save(record) {
      await redis.hset(key, record.checkpoint.chain, JSON.stringify(AuditAnchorRecord.parse(record)));
    },
    async read() {
      const fields = await redis.hgetall(key);
      const entries: AuditAnchorEntries = { records: [], malformed: [] };
      for (const [field, value] of Object.entries(fields)) {
        let parsed: unknown;
        try {
          parsed = JSON.parse(value);
        } catch {
          entries.malformed.push(field);
          continue;
        }
        const result = AuditAnchorRecord.safeParse(parsed);
        if (result.success && result.data.checkpoint.chain === field) entries.records.push(result.data);
        else entries.malformed.push(field);
      }
      return entries;
    },
  };
}
