/** What this round's claim on the monitor lease found (src/store/create-monitor-lease.ts). */
export type LeaseClaim =
  | { kind: 'held' }
  | { kind: 'taken'; holder: string }
  | { kind: 'unreachable'; reason: string };

/** The monitor lease across replicas: only its holder's monitor pages (src/store/create-monitor-lease.ts). */
export type MonitorLease = {
  /** This replica's token in the lease key (host, pid and a random part: not a secret). */
  holder: string;
  /** Takes the lease when it is free, renews it when this replica holds it; says who holds it otherwise. */
  claim(): Promise<LeaseClaim>;
  /** Gives the lease up at once (clean shutdown), if this replica still holds it. */
  release(): Promise<void>;
};
