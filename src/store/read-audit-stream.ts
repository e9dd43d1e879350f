import type { Redis } from 'ioredis';
import type { AuditRecord } from '../domain/verify-audit-chain.js';

/**
 * Every entry of the audit stream, oldest first, read in pages with XRANGE. An entry without an `e`
 * field becomes an empty record, which the verifier reports as malformed.
 */
export async function readAuditStream(redis: Redis, key: string, pageSize = 10_000): Promise<AuditRecord[]> {
  const records: AuditRecord[] = [];
  let start = '-';
  for (;;) {
    const page = await redis.xrange(key, start, '+', 'COUNT', pageSize);
    for (const [id, fields] of page) records.push({ id, text: fieldValue(fields, 'e') ?? '' });
    const last = page.at(-1);
    if (!last || page.length < pageSize) return records;
    start = `(${last[0]}`;
  }
}

function fieldValue(fields: readonly string[], name: string): string | undefined {
  for (let index = 0; index + 1 < fields.length; index += 2) {
    if (fields[index] === name) return fields[index + 1];
  }
  return undefined;
}
