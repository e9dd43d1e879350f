import type { Redis } from 'ioredis';
import type { AlertBook } from '../domain/alert.js';
import { AuditEvent } from '../domain/audit-event.js';
import type { GovernedRequest } from '../domain/governed-request.js';
import type { BasePolicy } from '../domain/policy.js';
import type { RequestStore } from '../ports/request-store.js';
import type { DashboardInput } from './build-dashboard.js';

export type DashboardReaderDeps = {
  /** Read with XREVRANGE and GET only. */
  redis: Redis;
  /** The pending index and the request records; only its reads are used. */
  requests: Pick<RequestStore, 'listByState' | 'get'>;
  /** The audit stream's key (`audit.stream`). */
  auditStream: string;
  /** The monitor's mirrored alert book (monitor-keys.ts `alerts`). */
  alertsKey: string;
  /** The bases of the policy in force (none when there is no policy). */
  bases: () => readonly BasePolicy[];
  /** Jobs waiting or running on a base's live-op queue. */
  queueDepth: (alias: string) => Promise<number>;
  clock: () => number;
  /** How many of the newest audit events a page reads (default 5000). */
  eventLimit?: number;
};

export type DashboardReader = {
  read(): Promise<DashboardInput>;
  /** One audit event by `chain#seq`, searched among the newest events; null when not among them. */
  findEvent(chain: string, seq: number): Promise<AuditEvent | null>;
};

/** Pending requests shown at most; the oldest first (the index is ordered by expiry). */
const MAX_PENDING = 200;

/**
 * Everything the dashboard shows, read and never written: Redis reads only (GET, ZRANGEBYSCORE, XREVRANGE)
 * and the queues' counts. A part that cannot be read shows as unknown instead of failing the page.
 */
export function createDashboardReader(deps: DashboardReaderDeps): DashboardReader {
  const { requests } = deps;
  const eventLimit = deps.eventLimit ?? 5000;

  async function readEvents(): Promise<AuditEvent[]> {
    const entries = await deps.redis.xrevrange(deps.auditStream, '+', '-', 'COUNT', eventLimit);
    const events: AuditEvent[] = [];
    for (const [, fields] of entries) {
      const index = fields.indexOf('e');
      const text = index >= 0 && index % 2 === 0 ? fields[index + 1] : undefined;
      if (text === undefined) continue;
      try {
        const parsed = AuditEvent.safeParse(JSON.parse(text));
        if (parsed.success) events.push(parsed.data);
      } catch {
        // A malformed entry is `audit verify`'s to report; the dashboard shows what it can read.
      }
    }
    return events;
  }

  async function readPending(): Promise<GovernedRequest[]> {
    const ids = (await requests.listByState('pending')).slice(0, MAX_PENDING);
    const found = await Promise.all(ids.map((id) => requests.get(id)));
    return found.flatMap((stored) => (stored && stored.request.state === 'pending' ? [stored.request] : []));
  }

  async function readAlerts(): Promise<AlertBook | null> {
    const raw = await deps.redis.get(deps.alertsKey);
    if (raw === null) return null;
    try {
      return JSON.parse(raw) as AlertBook;
    } catch {
      return null;
    }
  }

  return {
    async read() {
      const bases = deps.bases();
      const [events, pending, alerts, depths] = await Promise.all([
        readEvents(),
        readPending(),
        readAlerts(),
        Promise.all(bases.map((base) => deps.queueDepth(base.alias).catch(() => null))),
      ]);
      return {
        now: deps.clock(),
        bases,
        pending,
        events,
        eventLimit,
        queueDepths: Object.fromEntries(bases.map((base, index) => [base.alias, depths[index] ?? null])),
        alerts,
      };
    },
    async findEvent(chain, seq) {
      const events = await readEvents();
      return events.find((event) => event.chain === chain && event.seq === seq) ?? null;
    },
  };
}
