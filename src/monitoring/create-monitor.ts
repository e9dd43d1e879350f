import type { Logger } from 'pino';
import type { Card } from '../../cards/card-parts.js';
import type { Audit } from '../../jobs/ports.js';
import type { MonitoringConfig } from '../config/monitoring-config.js';
import type { Alert, AlertBook, AlertDelivery, AlertTransition, Observation } from './alert.js';
import { type AckOutcome, applyAck } from './apply-ack.js';
import { CHECK_DEADLINE_MS } from './compute-time-to-page.js';
import type { FallbackWebhook } from './create-fallback-webhook.js';
import type { Metrics } from './create-metrics.js';
import type { Pager } from './create-pager.js';
import { evaluateAlerts } from './evaluate-alerts.js';

/** Where the alert book is mirrored (Redis when it is up), so a restarted bot does not page twice. */
export type AlertMirror = {
  load(): Promise<AlertBook | null>;
  save(book: AlertBook): Promise<void>;
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
};

export type AckAnswer = AckOutcome & { card?: Card };

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
 * Ack clicks (`ack`) change the book at once, between rounds.
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
  const listeners = new Set<(book: AlertBook, transitions: readonly AlertTransition[]) => void>();

  function setAlert(key: string, incident: string, change: (alert: Alert) => Alert): void {
    const current = book[key];
    if (current && current.incident === incident) book = { ...book, [key]: change(current) };
  }

  async function audit(type: string, actor: string | null, details: Record<string, unknown>): Promise<void> {
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

  async function round(): Promise<void> {
    const observations = await observe();
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
    for (const key of Object.keys(book)) await deliver(key);
    deps.metrics?.setAlerts(book);
    await mirror();
    for (const listener of listeners) listener(book, evaluated.transitions);
  }

  async function mirror(): Promise<void> {
    if (!deps.mirror) return;
    const text = JSON.stringify(book);
    if (text === mirrored) return;
    try {
      await deps.mirror.save(book);
      mirrored = text;
    } catch {
      // Redis may be what failed; the book lives in this process meanwhile.
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
      const restored = await deps.mirror?.load().catch(() => null);
      if (restored) {
        book = restored;
        mirrored = JSON.stringify(restored);
      }
      running = true;
      void runRound().finally(schedule);
    },
    async stop(): Promise<void> {
      running = false;
      clearTimeout(timer);
      await tail;
    },
    runRound,
    book: () => book,
    /** Called after every round with the book and what changed (tests and the outage drill watch this). */
    onRound(listener: (book: AlertBook, transitions: readonly AlertTransition[]) => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    /** An Ack click from the on-call chat: applied at once; the answer carries the updated card. */
    async ack(input: {
      key: string;
      incident: string;
      by: string;
      messageId: string;
      chatId: string;
    }): Promise<AckAnswer> {
      if (input.chatId !== deps.chatId) return { kind: 'unknown' };
      const now = deps.clock();
      const outcome = applyAck(book, { ...input, now });
      if (outcome.kind === 'unknown') return outcome;
      if (outcome.kind !== 'acked') return { ...outcome, card: deps.pager.card(outcome.alert, now) };
      book = outcome.book;
      logger.info({ alert: input.key, incident: input.incident, by: input.by }, 'alert acknowledged');
      await audit('alert.acked', input.by, {
        ...describe(outcome.alert),
        acked_at: new Date(now).toISOString(),
      });
      deps.metrics?.setAlerts(book);
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
