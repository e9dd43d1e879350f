import type { Alert } from '../../src/domain/alert.js';

/** 2026-11-22 09:00 UTC. */
export const T0 = Date.UTC(2026, 10, 22, 9, 0, 0);

/** A firing, delivered, unacknowledged page for `redis`, changed by `overrides`. */
export function makeAlert(overrides: Partial<Alert> = {}): Alert {
  return {
    key: 'redis',
    incident: `redis@${T0}`,
    state: 'firing',
    severity: 'page',
    detail: 'PING failed: connect ECONNREFUSED 127.0.0.1:6379',
    since: T0,
    failures: 2,
    passes: 0,
    firedAt: T0 + 30_000,
    resolvedAt: null,
    ackedBy: null,
    ackedAt: null,
    flaps: 0,
    version: 1,
    escalationDue: false,
    delivery: {
      messageId: 'om_alert1',
      version: 1,
      pagedAt: T0 + 31_000,
      escalatedAt: null,
      failures: 0,
      lastError: null,
    },
    ...overrides,
  };
}
