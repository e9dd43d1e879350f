/** The Redis keys monitoring uses, under the configured prefix (like src/store/redis-keys.ts). */
export type MonitorKeys = ReturnType<typeof createMonitorKeys>;

export function createMonitorKeys(prefix: string) {
  return {
    /** Sorted set: worker id → its last heartbeat (Redis TIME, ms). */
    heartbeats: `${prefix}:monitor:heartbeats`,
    /**
     * Hash: condition key → the last synthetic check result (JSON). The Redis key keeps its old word
     * (`monitor:probes`) so results written by a worker of the previous release are still read.
     */
    syntheticChecks: `${prefix}:monitor:probes`,
    /** String: the monitor's alert book (JSON), mirrored so a restarted bot does not page twice. */
    alerts: `${prefix}:monitor:alerts`,
    /** String: the monitor lease, the token of the replica whose monitor pages (PX: it lapses unrenewed). */
    lease: `${prefix}:monitor:lease`,
    /** List: Acks relayed by other replicas and books handed over, for the leader to apply (JSON each). */
    inbox: `${prefix}:monitor:inbox`,
  };
}
