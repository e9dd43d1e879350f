import type { Logger } from 'pino';
import type { Audit, AuditInput } from '../ports/audit.js';
import { createRefusalTally, type Refusal } from './create-refusal-tally.js';
import { createSourceRateLimit } from './create-source-rate-limit.js';

/** What the Lark routes do with a source before and after verifying its push (create-http-app.ts). */
export type PushRefusals = {
  /**
   * False when the source has used up its refusals: answer 429 before reading or verifying anything. Only
   * refused pushes spend the source's tokens, so Lark's own (verified) pushes are never slowed, however
   * many arrive at once from its few addresses; a source that keeps sending forgeries is cut off cheaply.
   */
  admit(source: string): boolean;
  /**
   * Records one refusal (spending one of the source's tokens): audited now when it is the source's first in
   * its window, else only counted.
   */
  refuse(source: string, refusal: Refusal): Promise<void>;
  /** Audits every open window's count now (on shutdown; `larkgate probes` uses it to close a window). */
  flushAll(): Promise<void>;
  /** Stops the window timer and audits what is still counted. */
  close(): Promise<void>;
};

export type PushRefusalsOptions = {
  perSecond: number;
  burst: number;
  windowMs: number;
  clock: () => number;
  audit: Audit;
  logger: Logger;
  /** How often closed windows are audited; default a tenth of the window, at most 1 s. Null: no timer. */
  flushEveryMs?: number | null;
};

/**
 * The cheap refusals in front of push verification (issue 11 item 3): an in-process token bucket per
 * source, and denials from a source tallied into one `auth.denied` per window with a count. An audit
 * write that fails keeps its events for the next flush: the counts are not lost while a sink recovers.
 */
export function createPushRefusals(options: PushRefusalsOptions): PushRefusals {
  const limit = createSourceRateLimit({
    perSecond: options.perSecond,
    burst: options.burst,
    clock: options.clock,
  });
  const tally = createRefusalTally({ windowMs: options.windowMs, clock: options.clock });
  let unwritten: AuditInput[] = [];
  let flushing: Promise<void> = Promise.resolve();

  function write(events: AuditInput[]): Promise<void> {
    flushing = flushing.then(async () => {
      const queue = [...unwritten, ...events];
      unwritten = [];
      for (const [index, event] of queue.entries()) {
        try {
          await options.audit(event);
        } catch (error) {
          unwritten = queue.slice(index);
          options.logger.error(
            { err: (error as Error).message, pending: unwritten.length },
            'could not audit tallied push refusals: kept for the next flush',
          );
          return;
        }
      }
    });
    return flushing;
  }

  const everyMs =
    options.flushEveryMs === undefined ? Math.min(1_000, options.windowMs / 10) : options.flushEveryMs;
  const timer =
    everyMs === null
      ? undefined
      : setInterval(() => {
          void write(tally.takeClosed());
        }, everyMs);
  timer?.unref();

  return {
    admit: (source) => limit.allows(source),
    async refuse(source, refusal) {
      if (refusal.reason !== 'rate_limited') limit.take(source);
      const now = tally.note(source, refusal);
      if (now) await options.audit(now);
    },
    flushAll: () => write(tally.takeAll()),
    async close() {
      clearInterval(timer);
      await write(tally.takeAll());
    },
  };
}
