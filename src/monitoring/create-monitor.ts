import type { Logger } from 'pino';
import type { MonitoringConfig } from '../config/monitoring-config.js';
import type { AlertBook, AlertTransition, Observation } from '../domain/alert.js';
import type { Audit } from '../ports/audit.js';
import type { LeaseClaim, MonitorLease } from '../ports/monitor-lease.js';
import { createAlertBookCell } from './alert-book-cell.js';
import type { AlertDeliveryDeps } from './alert-delivery-deps.js';
import { applyInboxMessage } from './apply-inbox-message.js';
import { buildAlertRules } from './build-alert-rules.js';
import { claimMonitorLease } from './claim-monitor-lease.js';
import { CHECK_DEADLINE_MS } from './compute-time-to-page.js';
import { createAlertAudit } from './create-alert-audit.js';
import { type AlertMirror, createBookMirror } from './create-book-mirror.js';
import type { FallbackWebhook } from './create-fallback-webhook.js';
import type { Metrics } from './create-metrics.js';
import { createMonitorAck } from './create-monitor-ack.js';
import type { InboxBatch, MonitorInbox } from './create-monitor-inbox.js';
import type { Pager } from './create-pager.js';
import { createRoundLoop } from './create-round-loop.js';
import { type MonitorRole, NO_CLAIM_YET } from './decide-monitor-role.js';
import { deliverAlert } from './deliver-alert.js';
import { evaluateMonitorRound } from './evaluate-monitor-round.js';
import { type MonitorCheck, runMonitorChecks } from './run-monitor-checks.js';
import { settleMonitorRole } from './settle-monitor-role.js';

export type MonitorDeps = {
  config: MonitoringConfig;
  clock: () => number;
  logger: Logger;
  /** Each returns this round's observations; a check that throws or hangs just observes nothing. */
  checks: ReadonlyArray<MonitorCheck>;
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
  lease?: MonitorLease;
  /** Acks clicked on other replicas and books handed over by replicas that stopped leading. */
  inbox?: MonitorInbox;
};

export type Monitor = ReturnType<typeof createMonitor>;

const NO_INBOX: InboxBatch = { messages: [], size: 0 };

/**
 * The monitor: an in-process loop in the bot (`larkgate serve`), not a BullMQ job, so that it keeps
 * running when Redis or the workers are what failed. Each round (every `monitoring.every`), it wires four
 * parts that each take their state as a value or a cell passed in:
 *
 * 1. leadership (claim-monitor-lease.ts, settle-monitor-role.ts): with a `lease`, each round first claims
 *    it (at the same time as the checks when this monitor leads); a replica that does not lead skips the
 *    round; one that starts leading loads the mirrored book, so an open episode is continued, not paged
 *    again; one that stops leading hands its book to the leader's inbox;
 * 2. acks (apply-inbox-message.ts, create-monitor-ack.ts): the leader applies its inbox (hand-overs, Acks
 *    relayed by other replicas) before evaluating, and trims it once the book is mirrored; Ack clicks on
 *    the leader change the book at once, between rounds;
 * 3. evaluation (run-monitor-checks.ts, evaluate-monitor-round.ts): every check at once, each bounded by a
 *    deadline, then the alert state machine; alert.resolved audited (best effort);
 * 4. delivery (deliver-alert.ts): through the pager, straight to Lark with the monitor's own client: a new
 *    card per episode, card updates, escalations; what Lark does not take is retried next round, and logged
 *    at error level meanwhile; a page Lark did not take also goes once to the fallback webhook when one is
 *    configured (the path that does not depend on Lark). Then metrics, and the book mirrored to Redis.
 */
export function createMonitor(deps: MonitorDeps) {
  const { config, logger, lease } = deps;
  const book = createAlertBookCell();
  const mirror = createBookMirror(deps.mirror);
  const audit = createAlertAudit(deps.audit, logger);
  const rules = buildAlertRules(config);
  const listeners = new Set<(book: AlertBook, transitions: readonly AlertTransition[]) => void>();
  const delivery: AlertDeliveryDeps = {
    book,
    pager: deps.pager,
    fallback: deps.fallback,
    metrics: deps.metrics,
    logger,
    clock: deps.clock,
    audit,
    escalateTo: config.escalate_to,
  };
  const acks = { book, logger, audit, metrics: deps.metrics };
  let role: MonitorRole = lease ? NO_CLAIM_YET : { leading: true, basis: 'unshared', holder: null };
  let startedAt = deps.clock();

  const leadership = lease
    ? { holder: lease.holder, book, mirror, inbox: deps.inbox, metrics: deps.metrics, logger }
    : null;

  /** Applies a claim's outcome; true when this monitor leads now. */
  async function settle(found: LeaseClaim): Promise<boolean> {
    if (!leadership) return true;
    role = await settleMonitorRole(role, found, leadership);
    return role.leading;
  }

  function observe(): Promise<Observation[]> {
    return runMonitorChecks(deps.checks, {
      uptimeMs: deps.clock() - startedAt,
      // Longer than the monitor client's own deadlines (5 s per Lark call, 5 s of rate-limit waits), so a
      // check reports the failure it met rather than nothing. Real time: compressed intervals do not shrink it.
      timeoutMs: CHECK_DEADLINE_MS,
      logger,
    });
  }

  async function readInbox(): Promise<InboxBatch> {
    if (!deps.inbox) return NO_INBOX;
    return deps.inbox.read().catch(() => NO_INBOX);
  }

  async function round(): Promise<void> {
    const startedRound = deps.clock();
    let observations: Observation[];
    let inbox: InboxBatch;
    if (role.leading) {
      // A leader claims beside the checks: a Redis that does not answer must not delay the page.
      const [observed, batch, found] = await Promise.all([observe(), readInbox(), claimMonitorLease(lease)]);
      if (!(await settle(found))) return;
      [observations, inbox] = [observed, batch];
    } else {
      if (!(await settle(await claimMonitorLease(lease)))) return;
      [observations, inbox] = await Promise.all([observe(), readInbox()]);
    }
    for (const message of inbox.messages) {
      await applyInboxMessage(message, acks).catch((error: Error) =>
        logger.error({ err: error.message, kind: message.kind }, 'could not apply an inbox entry'),
      );
    }
    const transitions = await evaluateMonitorRound(observations, {
      book,
      rules,
      clock: deps.clock,
      logger,
      audit,
    });
    // A round that ran long may have outlived the lease: make sure it is still this monitor's before paging.
    if (
      lease &&
      deps.clock() - startedRound > config.every &&
      !(await settle(await claimMonitorLease(lease)))
    )
      return;
    for (const key of Object.keys(book.get())) await deliverAlert(key, delivery);
    deps.metrics?.setAlerts(book.get());
    if (await mirror.save(book.get())) await deps.inbox?.trim(inbox.size).catch(() => undefined);
    for (const listener of listeners) listener(book.get(), transitions);
  }

  const loop = createRoundLoop({ every: config.every, round, logger });

  return {
    async start(): Promise<void> {
      startedAt = deps.clock();
      // With a lease, the book is loaded when this monitor starts leading (settle-monitor-role.ts).
      const restored = lease ? null : await mirror.load().catch(() => null);
      if (restored) book.set(restored);
      loop.start();
    },
    /** Stops the loop; a leader mirrors its book and releases the lease, so another replica leads at once. */
    async stop(): Promise<void> {
      await loop.stop();
      if (!lease || !role.leading) return;
      await mirror.save(book.get());
      await lease.release();
      role = NO_CLAIM_YET;
      deps.metrics?.setMonitorRole(role);
    },
    runRound: loop.run,
    book: () => book.get(),
    /** Whether this monitor leads now, and why (decide-monitor-role.ts). */
    role: () => role,
    /** Called after every round with the book and what changed (tests and the outage drill watch this). */
    onRound(listener: (book: AlertBook, transitions: readonly AlertTransition[]) => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    /** An Ack click from the on-call chat: applied at once; the answer carries the updated card. */
    ack: createMonitorAck({
      ...acks,
      chatId: deps.chatId,
      clock: deps.clock,
      card: (alert, now) => deps.pager.card(alert, now),
      mirror: () => void mirror.save(book.get()),
    }),
  };
}
