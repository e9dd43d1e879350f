/**
 * The monitor's vocabulary. A check reports an `Observation` per condition key each round; the alert
 * state machine (evaluate-alerts.ts) turns observations into `Alert`s; the pager delivers them.
 */

/** `page` escalates when nobody acknowledges; `warn` is posted once and never escalates. */
export type Severity = 'page' | 'warn';

export type Observation = {
  /** The condition, e.g. `redis`, `workers`, `base.read:crm`, `burst.denials`. */
  key: string;
  /** `unknown`: this round could not tell (e.g. Redis is down, so heartbeats cannot be read). */
  status: 'ok' | 'failing' | 'unknown';
  /** What is wrong (failing) or why we cannot tell (unknown); shown on the card. */
  detail: string;
  severity?: Severity;
  /** Conditions that explain this one: while any of them fails, this one neither fires nor clears. */
  causes?: readonly string[];
  /**
   * Which sample this is, for observations read from somewhere else (a synthetic check result stamped when the check
   * ran): the same sample seen again in a later round counts once, so `raise_after` and `clear_after` count
   * synthetic check runs, not rounds.
   */
  sample?: string;
};

export type AlertState = 'pending' | 'firing' | 'resolved';

export type AlertDelivery = {
  /** The alert card in the on-call chat, once Lark accepted it. */
  messageId: string | null;
  /** The alert `version` the card in the chat shows. */
  version: number;
  /** When the page first reached the on-call chat. */
  pagedAt: number | null;
  /** When the escalation message reached the chat. */
  escalatedAt: number | null;
  /** Failed delivery attempts in a row, and the last reason (Lark itself may be what failed). */
  failures: number;
  lastError: string | null;
  /**
   * When this episode was sent to `monitoring.fallback_webhook` because Lark did not take the page: once
   * per episode. Absent in books mirrored before the fallback existed.
   */
  fallbackAt?: number | null;
};

export type Alert = {
  key: string;
  /** This episode of the condition: `key@since`. Card buttons carry it. */
  incident: string;
  state: AlertState;
  severity: Severity;
  detail: string;
  /** The first failing observation of this episode. */
  since: number;
  /** Failing rounds in a row while pending. */
  failures: number;
  /** Passing rounds in a row while firing. */
  passes: number;
  firedAt: number | null;
  resolvedAt: number | null;
  ackedBy: string | null;
  ackedAt: number | null;
  /** Times it failed again soon after resolving, re-opening the same card. */
  flaps: number;
  /** The sample of the last observation counted (see Observation.sample). */
  lastSample?: string;
  /** Bumped whenever the card should change (fired, acked, resolved, re-opened). */
  version: number;
  /** Unacknowledged for longer than the escalation delay: the escalation message is owed. */
  escalationDue: boolean;
  delivery: AlertDelivery;
};

/** Every alert the monitor holds, by key. Plain JSON, so it can be mirrored to Redis. */
export type AlertBook = Readonly<Record<string, Alert>>;

export type AlertRules = {
  raiseAfter: number;
  clearAfter: number;
  reopenWithinMs: number;
  escalateAfterMs: number;
  /** False when there is nobody to escalate to. */
  escalates: boolean;
};

/** What changed in one round, for the audit log and the logs. */
export type AlertTransition = {
  kind: 'fired' | 'reopened' | 'resolved' | 'escalation_due';
  key: string;
};
