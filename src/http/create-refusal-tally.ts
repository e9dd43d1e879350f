import type { AuditInput } from '../ports/audit.js';

/** Refusals made before a push is verified, besides the verification failures of receiveLarkPush. */
export const PRE_VERIFY_REFUSALS = ['rate_limited', 'body_too_large'] as const;

export type RefusalRoute = 'events' | 'card';
export type Refusal = { route: RefusalRoute; reason: string };

export type RefusalTally = {
  /**
   * Notes one refused push or click from `source`. Returns the event to audit now when it is the source's
   * first refusal in a window (so a single forged push is still in the log at once), else null: it is
   * counted, and audited with the others when the window closes.
   */
  note(source: string, refusal: Refusal): AuditInput | null;
  /** One aggregated `auth.denied` per source whose window has closed, with the count; forgets them. */
  takeClosed(): AuditInput[];
  /** Every open window's aggregated event, closing them (on shutdown). */
  takeAll(): AuditInput[];
};

type Window = {
  from: number;
  /** Refusals after the one audited at once (or, in a continued window, all of them). */
  count: number;
  reasons: Map<string, number>;
  routes: Map<string, number>;
};

/**
 * Turns a flood of refusals into one audited `auth.denied` per source per window, carrying `count` (what
 * the burst alert sums) and the reasons. A source still refused when its window closes goes straight into
 * a new window (no second immediate event), so a sustained flood writes one line per source per window.
 */
export function createRefusalTally(options: {
  windowMs: number;
  clock: () => number;
  /** Most sources with an open window; past it the oldest window is closed early. */
  maxSources?: number;
}): RefusalTally {
  const maxSources = options.maxSources ?? 10_000;
  const windows = new Map<string, Window>();
  let early: AuditInput[] = [];

  function aggregated(source: string, window: Window, to: number): AuditInput | null {
    if (window.count === 0) return null;
    return {
      type: 'auth.denied',
      actor: null,
      requestId: null,
      details: {
        route: commonest(window.routes),
        reason: commonest(window.reasons),
        ip: source,
        count: window.count,
        reasons: Object.fromEntries(window.reasons),
        window: { from: new Date(window.from).toISOString(), to: new Date(to).toISOString() },
      },
    };
  }

  return {
    note(source, refusal) {
      const now = options.clock();
      const open = windows.get(source);
      if (open) {
        open.count += 1;
        open.reasons.set(refusal.reason, (open.reasons.get(refusal.reason) ?? 0) + 1);
        open.routes.set(refusal.route, (open.routes.get(refusal.route) ?? 0) + 1);
        return null;
      }
      if (windows.size >= maxSources) {
        const [oldest, window] = windows.entries().next().value as [string, Window];
        windows.delete(oldest);
        const event = aggregated(oldest, window, now);
        if (event) early.push(event);
      }
      windows.set(source, { from: now, count: 0, reasons: new Map(), routes: new Map() });
      return {
        type: 'auth.denied',
        actor: null,
        requestId: null,
        details: { route: refusal.route, reason: refusal.reason, ip: source, count: 1 },
      };
    },
    takeClosed() {
      const now = options.clock();
      const events = early;
      early = [];
      for (const [source, window] of windows) {
        const closesAt = window.from + options.windowMs;
        if (closesAt > now) continue;
        const event = aggregated(source, window, closesAt);
        if (event) {
          events.push(event);
          // Still being refused: the next window continues without a second immediate event.
          windows.set(source, { from: closesAt, count: 0, reasons: new Map(), routes: new Map() });
        } else {
          windows.delete(source);
        }
      }
      return events;
    },
    takeAll() {
      const now = options.clock();
      const events = early;
      early = [];
      for (const [source, window] of windows) {
        const event = aggregated(source, window, now);
        if (event) events.push(event);
      }
      windows.clear();
      return events;
    },
  };
}

function commonest(counts: ReadonlyMap<string, number>): string {
  let best = '';
  let most = 0;
  for (const [key, count] of counts) {
    if (count > most) {
      best = key;
      most = count;
    }
  }
  return best;
}
