import { z } from 'zod';
import { SecretRef } from './secret-ref.js';

const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/**
 * A monitoring interval: `500ms`, `30s`, `10m`, `2h`, `1d`, read as milliseconds. Milliseconds are allowed
 * here (unlike approval TTLs) so that tests and drills can run the monitor with compressed intervals.
 */
const Interval = z
  .string()
  .regex(/^\d{1,7}(ms|s|m|h|d)$/, { message: 'an interval looks like 500ms, 30s, 10m, 2h or 1d' })
  .transform((text) => {
    const match = /^(\d+)(ms|s|m|h|d)$/.exec(text) as RegExpExecArray;
    return Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS];
  })
  .refine((ms) => ms > 0, { message: 'an interval must be more than zero' });

const OpenId = z.string().regex(/^ou_[A-Za-z0-9_]+$/, { message: 'an open_id looks like ou_xxx' });
const Threshold = z.number().int().min(1).max(1_000_000);

/**
 * `monitoring:` in larkgate.yaml (docs/product.md §6). Intervals are in the config as text and here in ms.
 * Production defaults: every value below bounds the time to page under 5 minutes
 * (src/monitoring/compute-time-to-page.ts works the bound out; a test checks it).
 */
export const MonitoringConfig = z.strictObject({
  /** The monitor loop runs in `larkgate serve`, the synthetic checks in `larkgate worker`; false turns both off. */
  enabled: z.boolean().default(true),
  /** One round of checks. */
  every: Interval.prefault('30s'),
  /** Failing rounds in a row before an alert fires (1 = at once). */
  raise_after: z.number().int().min(1).max(100).default(2),
  /** Passing rounds in a row before a firing alert resolves: a flapping condition stays one alert. */
  clear_after: z.number().int().min(1).max(100).default(3),
  /** A resolved alert that fails again within this re-opens its card instead of paging anew. */
  reopen_within: Interval.prefault('30m'),
  /** An unacknowledged page is escalated after this long. */
  escalate_after: Interval.prefault('10m'),
  /** Mentioned on every page. */
  notify: z.array(OpenId).default([]),
  /** Mentioned when a page is escalated. */
  escalate_to: z.array(OpenId).default([]),
  /** Cards link `<runbook_url><alert>.md`; without it they name `docs/runbooks/<alert>.md`. */
  runbook_url: z.url({ protocol: /^https?$/ }).optional(),
  heartbeat: z
    .strictObject({
      /** How often each worker writes its heartbeat to Redis. */
      every: Interval.prefault('15s'),
      /** No worker heartbeat younger than this: the workers are down. */
      max_age: Interval.prefault('90s'),
    })
    .prefault({}),
  probes: z
    .strictObject({
      /**
       * How often the worker runs the synthetic checks (a BullMQ job scheduler). The key `probes` keeps its
       * old word: it is users' config.
       */
      every: Interval.prefault('30s'),
      /**
       * A synthetic check result older than this no longer counts, and says the checks have stopped. Longer than
       * `every` and `token_refresh_every` plus `timeout`, or results lapse between runs.
       */
      max_age: Interval.prefault('2m'),
      /** How long one synthetic check may take. */
      timeout: Interval.prefault('20s'),
      /** The long-running token-refresh check's period (one authenticated call per run). */
      token_refresh_every: Interval.prefault('60s'),
      /** Check the last passing rollback drill's age against each base's tier rule. */
      drill_age: z.boolean().default(true),
    })
    .prefault({}),
  audit: z
    .strictObject({
      /** The newest event in one audit sink may trail the other's by this much. */
      max_lag: Interval.prefault('2m'),
      /**
       * No audit event in either sink for this long is an alert. A quiet system is not silent: the check
       * writes a `monitor.keepalive` event when the newest one is older than half of this, so in normal
       * operation only a log that takes no writes (or synthetic checks that stopped, which page on their own) trips it.
       */
      max_silence: Interval.prefault('2m'),
    })
    .prefault({}),
  /** Events of one kind in `window` above the threshold page (docs/product.md §6 burst detection). */
  bursts: z
    .strictObject({
      window: Interval.prefault('5m'),
      /** tool.denied and denied votes. */
      denials: Threshold.default(50),
      /** auth.denied: forged, stale or altered pushes and clicks. */
      auth_failures: Threshold.default(20),
      /** op.failed and op.stale. */
      failed_ops: Threshold.default(5),
      /** op.verify_failed: a write that did not read back as approved. */
      verify_failures: Threshold.default(1),
      /** intake.failed: a chat request Larkgate gave up on after its retries (the requester was told). */
      failed_intake: Threshold.default(1),
    })
    .prefault({}),
  /**
   * The out-of-band pager for when Lark itself cannot take a page (down, or rate-limiting everything): one
   * JSON POST per episode to this URL (a generic receiver, an Alertmanager-style webhook, a relay to
   * PagerDuty or SMS). The URL is a secret:// reference because webhook URLs embed their token; it must
   * not be on a Lark domain. Not a Lark call: it does not go through config/allowed_endpoints.yaml.
   */
  fallback_webhook: z
    .strictObject({
      url: SecretRef,
      /** How long the POST may take; the monitor's round does not wait longer. */
      timeout: Interval.prefault('5s'),
    })
    .optional(),
  /** The worker serves its own /metrics and /healthz on this port when set. */
  worker_metrics_port: z.number().int().min(0).max(65_535).optional(),
});
export type MonitoringConfig = z.infer<typeof MonitoringConfig>;
