import type { BaseLease } from '../../src/ports/base-lease.js';

/** Base leases in memory: one holder per base alias at a time, as the Redis lease (create-base-lease.ts). */
export function createFakeLeases() {
  const held = new Set<string>();
  return {
    held,
    async leaseBase(alias: string): Promise<BaseLease | null> {
      if (held.has(alias)) return null;
      held.add(alias);
      return {
        async release() {
          held.delete(alias);
        },
      };
    },
  };
}
