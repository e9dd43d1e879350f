import type { Logger } from 'pino';
import type { Card } from '../../cards/card-parts.js';
import type { MonitoringConfig } from '../config/monitoring-config.js';
import type { AuditEventType } from '../domain/audit-event.js';
import type { Audit } from '../ports/audit.js';
import type { Alert, AlertBook, AlertDelivery, AlertTransition, Observation } from './alert.js';
import { type AckOutcome, applyAck } from './apply-ack.js';
import { CHECK_DEADLINE_MS } from './compute-time-to-page.js';
import type { FallbackWebhook } from './create-fallback-webhook.js';
import type { Metrics } from './create-metrics.js';
import type { InboxBatch, InboxMessage, MonitorInbox } from './create-monitor-inbox.js';
import type { Pager } from './create-pager.js';
import { decideMonitorRole, type LeaseClaim, type MonitorRole, NO_CLAIM_YET } from './decide-monitor-role.js';
import { evaluateAlerts } from './evaluate-alerts.js';
import { mergeAlertBooks } from './merge-alert-books.js';

/** Where the alert book is mirrored (Redis when it is up), so a restarted bot does not page twice. */
export type AlertMirror = {
  load(): Promise<AlertBook | null>;
  save(book: AlertBook): Promise<void>;
};

/** The monitor lease across replicas (src/store/create-monitor-lease.ts). */
export type MonitorLeasePort = {
  /** This replica's name in the lease. */
  holder: string;
  claim(): Promise<LeaseClaim>;
  release(): Promise<void>;
};

export type MonitorDeps = {
  config: MonitoringConfig;
  clock: () => number;
  logger: Logger;
  /** Each returns this round's observations; a check that throws or hangs just observes nothing. */
  checks: ReadonlyArray<(context: { uptimeMs: number }) => Promise<Observation[]>>;
  pager: Pager;
  /**
   * The out-of-band pager (`monitoring.fallback_webhook`): used once per episode when a page cannot reach
   * Lark, so a whole-Lark outage still reaches someone while it lasts.
   */
  fallback?: FallbackWebhook;
  /** Audit is best effort here: paging must not depend on the audit log, which may be what failed. */
  audit: Audit;
  mirror?: AlertMirror;
  metrics?: Metrics;
  /** The on-call chat: Ack clicks from any other chat are ignored. */
  chatId: string;
  /**
   * Leadership among replicas: only the lease holder evaluates alerts and pages (decide-monitor-role.ts
   * says who leads while Redis is down). Absent = this monitor always leads (one process, unit tests).
   */
  lease?: MonitorLeasePort;
  /** Acks clicked on other replicas and books handed over by replicas that stopped leading. */
  inbox?: MonitorInbox;
};

export type AckInput = { key: string; incident: string; by: string; messageId: string; chatId: string };

/** `unrecorded`: the Ack reached a replica that does not lead, and Redis did not answer to record it. */
export type AckAnswer = (AckOutcome & { card?: Card }) | { kind: 'unrecorded'; card?: undefined };

export type Monitor = ReturnType<typeof createMonitor>;

/** A patch that keeps failing (card deleted, too old) is given up after this many rounds. */
const MAX_PATCH_FAILURES = 5;

/**
 * The monitor: an in-process loop in the bot (`larkgate serve`), not a BullMQ job, so that it keeps
 * running when Redis or the workers are what failed. Each round (every `monitoring.every`):
 *
 * 1. run every check at once, each bounded by a deadline;
 * 2. evaluate the alert state machine (evaluate-alerts.ts) over the observations;
 * 3. deliver what changed through the pager, straight to Lark with the monitor's own client: a new card
 *    per episode, card updates, escalations; what Lark does not take is retried next round, and logged
 *    at error level meanwhile; a page Lark did not take also goes once to the fallback webhook when one
 *    is configured (the path that does not depend on Lark);
 * 4. audit alert.paged / alert.resolved (best effort), update metrics, mirror the book to Redis.
 *
 * With a `lease`, each round first claims it (at the same time as the checks when this monitor leads):
 * a replica that does not lead skips the round; one that starts leading loads the mirrored book, so an open
 * episode is continued, not paged again; one that stops leading hands its book to the leader's inbox. The
 * leader applies its inbox (hand-overs, Acks relayed by other replicas) before evaluating, and trims it once
 * the book is mirrored. Ack clicks on the leader (`ack`) change the book at once, between rounds.
 */
export function createMonitor(deps: MonitorDeps) {
  const { config, logger } = deps;
  const rules = {
    raiseAfter: config.raise_after,
    clearAfter: config.clear_after,
    reopenWithinMs: config.reopen_within,
    escalateAfterMs: config.escalate_after,
    escalates: config.escalate_to.length > 0,
  };
  // Longer than the monitor client's own deadlines (5 s per Lark call, 5 s of rate-limit waits), so a check
  // reports the failure it met rather than nothing. Real time: compressed test intervals do not shrink it.
  const checkTimeoutMs = CHECK_DEADLINE_MS;
  let book: AlertBook = {};
  let startedAt = deps.clock();
  let timer: NodeJS.Timeout | undefined;
  let running = false;
  let tail: Promise<void> = Promise.resolve();
  let mirrored = '';
  let role: MonitorRole = deps.lease ? NO_CLAIM_YET : { leading: true, basis: 'unshared', holder: null };
  const listeners = new Set<(book: AlertBook, transitions: readonly AlertTransition[]) => void>();

  function setAlert(key: string, incident: string, change: (alert: Alert) => Alert): void {
    const current = book[key];
    if (current && current.incident === incident) book = { ...book, [key]: change(current) };
  }

  async function audit(
    type: AuditEventType,
    actor: string | null,
    details: Record<string, unknown>,
  ): Promise<void> {
    await deps
      .audit({ type, actor, requestId: null, details })
      .catch((error: Error) =>
        logger.error(
          { err: error.message, type },
          'could not audit an alert event (the alert itself went ahead)',
        ),
      );
  }

  async function observe(): Promise<Observation[]> {
    const uptimeMs = deps.clock() - startedAt;
    const results = await Promise.all(
      deps.checks.map((check) =>
        Promise.race([
          check({ uptimeMs }),
          new Promise<Observation[]>((resolve) => setTimeout(() => resolve([]), checkTimeoutMs).unref()),
        ]).catch((error: Error) => {
          logger.warn({ err: error.message }, 'monitor check failed');
          return [] as Observation[];
        }),
      ),
    );
    return results.flat();
  }

  async function deliver(key: string): Promise<void> {
    const alert = book[key];
    if (!alert || alert.state === 'pending') return;
    const now = deps.clock();
    const { incident } = alert;
    if (alert.delivery.version < alert.version) {
      const sentVersion = alert.version;
      const messageId = alert.delivery.messageId;
      try {
        if (messageId === null) {
          const sent = await deps.pager.send(alert, now);
          const pagedAt = alert.state === 'firing' ? deps.clock() : null;
          setAlert(key, incident, (current) => ({
            ...current,
            delivery: {
              ...current.delivery,
              messageId: sent,
              version: sentVersion,
              pagedAt,
              failures: 0,
              lastError: null,
            },
          }));
          if (pagedAt !== null) {
            logger.warn({ alert: key, incident, timeToPageMs: pagedAt - alert.since }, 'paged on-call');
            await audit('alert.paged', 'monitor', {
              ...describe(alert),
              via: 'lark',
              message_id: sent,
              paged_at: new Date(pagedAt).toISOString(),
              time_to_page_ms: pagedAt - alert.since,
            });
          }
        } else {
          await deps.pager.update(messageId, alert, now);
          setAlert(key, incident, (current) => ({
            ...current,
            delivery: { ...current.delivery, version: sentVersion, failures: 0, lastError: null },
          }));
        }
      } catch (error) {
        const reason = (error as Error).message;
        deps.metrics?.recordPageFailure();
        logger.error(
          { alert: key, incident, detail: alert.detail, since: alert.since, err: reason },
          messageId === null
            ? 'page could not reach Lark: will retry next round'
            : 'alert card update failed',
        );
        setAlert(key, incident, (current) => {
          const failures = current.delivery.failures + 1;
          const giveUp = messageId !== null && failures >= MAX_PATCH_FAILURES;
          const delivery: AlertDelivery = {
            ...current.delivery,
            failures,
            lastError: reason,
            ...(giveUp ? { version: sentVersion } : {}),
          };
          return { ...current, delivery };
        });
        if (messageId === null && alert.state === 'firing') await pageByFallback(key, reason);
        return;
      }
    }
    const latest = book[key];
    if (
      latest?.escalationDue &&
      latest.state === 'firing' &&
      latest.ackedBy === null &&
      latest.delivery.escalatedAt === null &&
      latest.delivery.messageId !== null
    ) {
      try {
        await deps.pager.escalate(latest.delivery.messageId, latest);
        const escalatedAt = deps.clock();
        setAlert(key, incident, (current) => ({
          ...current,
          version: current.version + 1,
          delivery: { ...current.delivery, escalatedAt },
        }));
        logger.warn({ alert: key, incident, to: config.escalate_to }, 'escalated an unacknowledged page');
        await audit('alert.paged', 'monitor', {
          ...describe(latest),
          escalation: true,
          to: [...config.escalate_to],
          paged_at: new Date(escalatedAt).toISOString(),
        });
      } catch (error) {
        deps.metrics?.recordPageFailure();
        logger.error(
          { alert: key, err: (error as Error).message },
          'escalation could not reach Lark: will retry',
        );
      }
    }
  }

  /** The page did not reach Lark: send it out of band, once per episode (retried until it is taken). */
  async function pageByFallback(key: string, reason: string): Promise<void> {
    const alert = book[key];
    if (!deps.fallback || !alert || alert.delivery.fallbackAt) return;
    const { incident } = alert;
    const host = deps.fallback.host;
    try {
      await deps.fallback.send(alert, reason, deps.clock());
    } catch (error) {
      deps.metrics?.recordPageFailure();
      logger.error(
        { alert: key, incident, host, err: (error as Error).message },
        'fallback webhook did not take the page: will retry next round',
      );
      return;
    }
    const at = deps.clock();
    setAlert(key, incident, (current) => ({ ...current, delivery: { ...current.delivery, fallbackAt: at } }));
    logger.warn(
      { alert: key, incident, host, timeToPageMs: at - alert.since },
      'paged through the fallback webhook',
    );
    await audit('alert.paged', 'monitor', {
      ...describe(alert),
      via: 'fallback',
      host,
      lark_error: reason.slice(0, 300),
      paged_at: new Date(at).toISOString(),
      time_to_page_ms: at - alert.since,
    });
  }

  async function claim(): Promise<LeaseClaim> {
    if (!deps.lease) return { kind: 'held' };
    return deps.lease.claim().catch((error: Error) => ({ kind: 'unreachable', reason: error.message }));
  }

  /** Applies a claim's outcome (decide-monitor-role.ts); true when this monitor leads now. */
  async function settle(found: LeaseClaim): Promise<boolean> {
    if (!deps.lease) return true;
    const next = decideMonitorRole(role, found);
    if (next.leading && !role.leading) await takeOver(next);
    if (!next.leading && role.leading) await handOver();
    if (next.basis !== role.basis || next.holder !== role.holder) {
      const data = { basis: next.basis, holder: next.holder, was: role.basis };
      if (next.basis === 'lease' || next.basis === 'lease_elsewhere')
        logger.info(data, 'monitor role changed');
      else
        logger.warn(
          { ...data, ...(found.kind === 'unreachable' ? { err: found.reason } : {}) },
          'monitor role changed while Redis does not answer',
        );
    }
    role = next;
    deps.metrics?.setMonitorRole(role);
    return role.leading;
  }

  /** Starts leading: with the lease, from the book the last leader mirrored (an open episode continues). */
  async function takeOver(next: MonitorRole): Promise<void> {
    if (next.basis !== 'lease' || !deps.mirror) return;
    try {
      const restored = await deps.mirror.load();
      if (restored) {
        book = restored;
        mirrored = JSON.stringify(restored);
      }
    } catch (error) {
      // Paging twice beats not paging: lead with what this process holds.
      logger.error(
        { err: (error as Error).message },
        'could not read the mirrored alert book: leading without it',
      );
    }
  }

  /** Stops leading: the book goes to the leader's inbox (it may hold pages sent while Redis was down). */
  async function handOver(): Promise<void> {
    const handed = book;
    book = {};
    mirrored = '';
    deps.metrics?.setAlerts(book);
    if (!deps.inbox || !deps.lease || Object.keys(handed).length === 0) return;
    await deps.inbox
      .push({ kind: 'handoff', from: deps.lease.holder, book: handed })
      .catch((error: Error) =>
        logger.error({ err: error.message }, 'could not hand the alert book over to the leader'),
      );
  }

  async function readInbox(): Promise<InboxBatch> {
    if (!deps.inbox) return { messages: [], size: 0 };
    return deps.inbox.read().catch(() => ({ messages: [], size: 0 }));
  }

  async function applyInbox(message: InboxMessage): Promise<void> {
    if (message.kind === 'handoff') {
      const merged = mergeAlertBooks(book, message.book);
      book = merged.book;
      if (merged.taken.length > 0 || merged.orphaned.length > 0) {
        logger.warn(
          { from: message.from, taken: merged.taken, orphaned: merged.orphaned },
          'took over alerts from a replica that stopped leading',
        );
      }
      return;
    }
    const outcome = applyAck(book, { ...message, now: message.at });
    if (outcome.kind !== 'acked') {
      logger.info(
        { alert: message.key, incident: message.incident, outcome: outcome.kind },
        'a relayed Ack changed nothing',
      );
      return;
    }
    await recordAck(outcome, message.by, message.at);
  }

  async function recordAck(
    outcome: Extract<AckOutcome, { kind: 'acked' }>,
    by: string,
    at: number,
  ): Promise<void> {
    book = outcome.book;
    logger.info({ alert: outcome.alert.key, incident: outcome.alert.incident, by }, 'alert acknowledged');
    await audit('alert.acked', by, { ...describe(outcome.alert), acked_at: new Date(at).toISOString() });
    deps.metrics?.setAlerts(book);
  }

  async function round(): Promise<void> {
    const startedRound = deps.clock();
    let observations: Observation[];
    let inbox: InboxBatch;
    if (role.leading) {
      // A leader claims beside the checks: a Redis that does not answer must not delay the page.
      const [observed, batch, found] = await Promise.all([observe(), readInbox(), claim()]);
      if (!(await settle(found))) return;
      [observations, inbox] = [observed, batch];
    } else {
      if (!(await settle(await claim()))) return;
      [observations, inbox] = await Promise.all([observe(), readInbox()]);
    }
    for (const message of inbox.messages) {
      await applyInbox(message).catch((error: Error) =>
        logger.error({ err: error.message, kind: message.kind }, 'could not apply an inbox entry'),
      );
    }
    logger.debug(
      {
        failing: observations
          .filter((o) => o.status !== 'ok')
          .map((o) => `${o.key} ${o.status}: ${o.detail}`),
      },
      'monitor round',
    );
    const now = deps.clock();
    // Synchronous from here to the first await: Ack clicks that arrived while the checks ran are in `book`.
    const evaluated = evaluateAlerts(book, observations, now, rules);
    book = evaluated.book;
    for (const transition of evaluated.transitions) {
      const alert = book[transition.key];
      if (!alert) continue;
      logger.info(
        { alert: transition.key, transition: transition.kind, detail: alert.detail },
        'alert transition',
      );
      if (transition.kind === 'resolved') {
        await audit('alert.resolved', 'monitor', {
          ...describe(alert),
          resolved_at: new Date(alert.resolvedAt ?? now).toISOString(),
          duration_ms: (alert.resolvedAt ?? now) - alert.since,
          paged: alert.delivery.pagedAt !== null,
        });
      }
    }
    // A round that ran long may have outlived the lease: make sure it is still this monitor's before paging.
    if (deps.lease && deps.clock() - startedRound > config.every && !(await settle(await claim()))) return;
    for (const key of Object.keys(book)) await deliver(key);
    deps.metrics?.setAlerts(book);
    if (await mirror()) await deps.inbox?.trim(inbox.size).catch(() => undefined);
    for (const listener of listeners) listener(book, evaluated.transitions);
  }

  /** True when the mirror holds this book (saved now or already). */
  async function mirror(): Promise<boolean> {
    if (!deps.mirror) return true;
    const text = JSON.stringify(book);
    if (text === mirrored) return true;
    try {
      await deps.mirror.save(book);
      mirrored = text;
      return true;
    } catch {
      // Redis may be what failed; the book lives in this process meanwhile.
      return false;
    }
  }

  function runRound(): Promise<void> {
    const next = tail.then(round).catch((error: Error) => {
      logger.error({ err: error.message }, 'monitor round failed');
    });
    tail = next;
    return next;
  }

  function schedule(): void {
    if (!running) return;
    timer = setTimeout(() => {
      void runRound().finally(schedule);
    }, config.every);
    timer.unref?.();
  }

  return {
    async start(): Promise<void> {
      startedAt = deps.clock();
      // With a lease, the book is loaded when this monitor starts leading (settle → takeOver).
      const restored = deps.lease ? null : await deps.mirror?.load().catch(() => null);
      if (restored) {
        book = restored;
        mirrored = JSON.stringify(restored);
      }
      running = true;
      void runRound().finally(schedule);
    },
    /** Stops the loop; a leader mirrors its book and releases the lease, so another replica leads at once. */
    async stop(): Promise<void> {
      running = false;
      clearTimeout(timer);
      await tail;
      if (!deps.lease || !role.leading) return;
      await mirror();
      await deps.lease.release();
      role = NO_CLAIM_YET;
      deps.metrics?.setMonitorRole(role);
    },
    runRound,
    book: () => book,
    /** Whether this monitor leads now, and why (decide-monitor-role.ts). */
    role: () => role,
    /** Called after every round with the book and what changed (tests and the outage drill watch this). */
    onRound(listener: (book: AlertBook, transitions: readonly AlertTransition[]) => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    /** An Ack click from the on-call chat: applied at once; the answer carries the updated card. */
    async ack(input: AckInput): Promise<AckAnswer> {
      if (input.chatId !== deps.chatId) return { kind: 'unknown' };
      const now = deps.clock();
      const outcome = applyAck(book, { ...input, now });
      if (outcome.kind === 'unknown') return outcome;
      if (outcome.kind !== 'acked') return { ...outcome, card: deps.pager.card(outcome.alert, now) };
      await recordAck(outcome, input.by, now);
      void mirror();
      return { ...outcome, card: deps.pager.card(outcome.alert, now) };
    },
  };
}

function describe(alert: Alert): Record<string, unknown> {
  return {
    alert: alert.key,
    kind: alert.key.split(':')[0] ?? alert.key,
    incident: alert.incident,
    severity: alert.severity,
    detail: alert.detail.slice(0, 500),
    since: new Date(alert.since).toISOString(),
  };
}
