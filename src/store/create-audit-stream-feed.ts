import type { Redis } from 'ioredis';
import type { AuditStreamFeed } from '../ports/audit-stream-feed.js';

/**
 * Reads the audit stream forward from where the last read stopped (XRANGE after the last id, `pageSize` at a
 * time until it is caught up). `contains` keeps only the events whose text has it (a cheap filter before
 * anyone parses them, e.g. `"drill.`); entries without an event are skipped.
 */
export function createAuditStreamFeed(
  redis: Redis,
  key: string,
  options: { pageSize?: number; contains?: string } = {},
): AuditStreamFeed {
  const pageSize = options.pageSize ?? 5_000;
  let last = '-';
  return {
    async readNew() {
      const texts: string[] = [];
      for (;;) {
        const entries = await redis.xrange(key, last === '-' ? '-' : `(${last}`, '+', 'COUNT', pageSize);
        for (const [id, fields] of entries) {
          last = id;
          const index = fields.indexOf('e');
          const text = index < 0 ? undefined : fields[index + 1];
          if (text === undefined || (options.contains && !text.includes(options.contains))) continue;
          texts.push(text);
        }
        if (entries.length < pageSize) return texts;
      }
    },
  };
}
