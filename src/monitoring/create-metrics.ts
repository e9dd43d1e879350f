import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Alert } from '../domain/alert.js';
import type { LarkApiCall } from '../lark/create-lark-http-instance.js';
import { withTimeout } from '../platform/with-timeout.js';
import type { MonitorRoleBasis } from './decide-monitor-role.js';

/** Job counts per queue and state, read on each scrape (BullMQ getJobCounts). */
export type QueueCounts = Array<{ queue: string; counts: Record<string, number> }>;

export type Metrics = ReturnType<typeof createMetrics>;

const THROTTLED_CODES = new Set([99991400, 1254290]);

/**
 * This process's Prometheus metrics, in a registry of its own (no global default registry: two runtimes
 * in one process, as in tests, keep their figures apart). Most business figures are derived from the
 * audit events as they are written, so every code path that audits is counted the same way.
 */
export function createMetrics(options: { role: string }) {
  const registry = new Registry();
  registry.setDefaultLabels({ role: options.role });
  const registers = [registry];

  const requests = new Counter({
    name: 'larkgate_requests_total',
    help: 'Governed requests created (dry-run cards), by op and base.',
    labelNames: ['op', 'base'],
    registers,
  });
  const votes = new Counter({
    name: 'larkgate_votes_total',
    help: 'Approve/Reject clicks, by decision and result (approved, rejected, pending, denied…).',
    labelNames: ['decision', 'result'],
    registers,
  });
  const approvals = new Counter({
    name: 'larkgate_approvals_total',
    help: 'Approval artefacts minted (N-of-M met).',
    registers,
  });
  const denials = new Counter({
    name: 'larkgate_denials_total',
    help: 'Refused actions (tool.denied and denied votes), by the first reason code.',
    labelNames: ['reason'],
    registers,
  });
  const authFailures = new Counter({
    name: 'larkgate_auth_failures_total',
    help: 'Pushes and clicks refused before or at verification (auth.denied, aggregated ones by their counts), by reason.',
    labelNames: ['reason'],
    registers,
  });
  const ops = new Counter({
    name: 'larkgate_ops_total',
    help: 'Live ops finished, by outcome (verified, verify_failed, stale, failed).',
    labelNames: ['outcome'],
    registers,
  });
  const backups = new Counter({
    name: 'larkgate_backups_total',
    help: 'Encrypted backups before a write, by result: created (backup.created), failed (encrypting or storing it threw).',
    labelNames: ['result'],
    registers,
  });
  const drills = new Counter({
    name: 'larkgate_drills_total',
    help: 'Drills recorded, by kind and outcome.',
    labelNames: ['drill', 'outcome'],
    registers,
  });
  const alerts = new Counter({
    name: 'larkgate_alert_events_total',
    help: 'Alert events (paged, acked, resolved), by alert kind.',
    labelNames: ['event', 'alert'],
    registers,
  });
  const auditEvents = new Counter({
    name: 'larkgate_audit_events_total',
    help: 'Audit events written by this process, by type.',
    labelNames: ['type'],
    registers,
  });
  const auditSinkFailures = new Counter({
    name: 'larkgate_audit_sink_failures_total',
    help: 'Audit writes a sink refused (the other sink may still hold the event).',
    labelNames: ['sink'],
    registers,
  });
  const larkCalls = new Counter({
    name: 'larkgate_lark_api_calls_total',
    help: 'Lark API attempts, by endpoint, HTTP status (0: no answer) and Lark code.',
    labelNames: ['endpoint', 'status', 'code'],
    registers,
  });
  const larkErrors = new Counter({
    name: 'larkgate_lark_api_errors_total',
    help: 'Lark API attempts that failed (no answer, HTTP ≥ 400 or a non-zero code), by endpoint and code.',
    labelNames: ['endpoint', 'code'],
    registers,
  });
  const larkDuration = new Histogram({
    name: 'larkgate_lark_api_call_seconds',
    help: 'Lark API attempt duration.',
    labelNames: ['endpoint'],
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers,
  });
  const rateLimited = new Counter({
    name: 'larkgate_lark_rate_limited_total',
    help: 'Throttled Lark answers (429, 99991400, 1254290), by endpoint.',
    labelNames: ['endpoint'],
    registers,
  });
  const rateLimitWait = new Histogram({
    name: 'larkgate_rate_limit_wait_seconds',
    help: 'Time spent waiting for a rate-limiter slot before a Lark call, by endpoint.',
    labelNames: ['endpoint'],
    buckets: [0.001, 0.01, 0.1, 0.5, 1, 5, 15, 60, 120],
    registers,
  });
  const jobs = new Counter({
    name: 'larkgate_jobs_total',
    help: 'BullMQ jobs processed by this worker, by queue and outcome (completed, failed).',
    labelNames: ['queue', 'outcome'],
    registers,
  });
  const jobDuration = new Histogram({
    name: 'larkgate_job_duration_seconds',
    help: 'BullMQ job processing time, by queue and outcome.',
    labelNames: ['queue', 'outcome'],
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
    registers,
  });
  // The metric and its label keep the old word (`probe`): dashboards and alert rules query them.
  const syntheticChecks = new Gauge({
    name: 'larkgate_probe_ok',
    help: 'Last result of each synthetic probe: 1 ok, 0 failing.',
    labelNames: ['probe'],
    registers,
  });
  const firing = new Gauge({
    name: 'larkgate_alerts_firing',
    help: 'Alerts firing now, by alert key and whether acknowledged.',
    labelNames: ['alert', 'acked'],
    registers,
  });
  const pageFailures = new Counter({
    name: 'larkgate_page_delivery_failures_total',
    help: 'Alert cards or escalations Lark did not accept (retried every round).',
    registers,
  });
  const heartbeatAge = new Gauge({
    name: 'larkgate_worker_heartbeat_age_seconds',
    help: 'Age of the freshest worker heartbeat, as the monitor last read it.',
    registers,
  });
  const monitorLeader = new Gauge({
    name: 'larkgate_monitor_leader',
    help: 'Whether this replica monitors and pages now (1) or not (0), and why: lease, redis_down_was_leader, redis_down_no_leader_known (leading); lease_elsewhere, redis_down_other_leader, unknown, disabled (not).',
    labelNames: ['basis'],
    registers,
  });
  let queueSource: (() => Promise<QueueCounts>) | undefined;
  new Gauge({
    name: 'larkgate_queue_jobs',
    help: 'BullMQ jobs per queue and state (waiting is the queue depth), read at scrape time.',
    labelNames: ['queue', 'state'],
    registers,
    async collect() {
      this.reset();
      if (!queueSource) return;
      const counts = await withTimeout(queueSource(), 2_000).catch(() => undefined);
      for (const { queue, counts: byState } of counts ?? []) {
        for (const [state, count] of Object.entries(byState)) this.set({ queue, state }, count);
      }
    },
  });

  return {
    registry,
    /** Counts one audit event that was written (called after a successful append). */
    recordAuditEvent(type: string, details: Record<string, unknown>): void {
      auditEvents.inc({ type });
      const first = (list: unknown) =>
        Array.isArray(list) && typeof list[0]?.code === 'string' ? (list[0].code as string) : 'unknown';
      switch (type) {
        case 'request.created':
          requests.inc({ op: text(details.op), base: text(details.base) });
          break;
        case 'approval.vote':
          votes.inc({ decision: text(details.decision), result: text(details.result) });
          if (details.result === 'denied') denials.inc({ reason: first(details.denials) });
          break;
        case 'approval.created':
          approvals.inc();
          break;
        case 'tool.denied':
          denials.inc({ reason: first(details.denials) });
          break;
        case 'auth.denied': {
          // An aggregated event (one per source per window) carries its count per reason.
          const reasons = details.reasons;
          if (reasons && typeof reasons === 'object' && !Array.isArray(reasons)) {
            for (const [reason, count] of Object.entries(reasons as Record<string, unknown>)) {
              if (typeof count === 'number' && count > 0) authFailures.inc({ reason }, count);
            }
          } else {
            authFailures.inc({ reason: text(details.reason) });
          }
          break;
        }
        case 'backup.created':
          backups.inc({ result: 'created' });
          break;
        case 'op.verified':
          ops.inc({ outcome: 'verified' });
          break;
        case 'op.verify_failed':
          ops.inc({ outcome: 'verify_failed' });
          break;
        case 'op.stale':
          ops.inc({ outcome: 'stale' });
          break;
        case 'op.failed':
          ops.inc({ outcome: 'failed' });
          break;
        case 'drill.passed':
        case 'drill.failed':
          drills.inc({ drill: text(details.drill ?? details.kind), outcome: type.slice(6) });
          break;
        case 'alert.paged':
        case 'alert.acked':
        case 'alert.resolved':
          alerts.inc({ event: type.slice(6), alert: text(details.kind) });
          break;
      }
    },
    /** A backup that could not be encrypted or stored: the write it guards does not happen. */
    recordBackupFailure(): void {
      backups.inc({ result: 'failed' });
    },
    recordSinkFailure(sink: string): void {
      auditSinkFailures.inc({ sink });
    },
    recordLarkCall(call: LarkApiCall): void {
      const code = call.code === null ? 'none' : String(call.code);
      larkCalls.inc({ endpoint: call.endpointId, status: String(call.status), code });
      larkDuration.observe({ endpoint: call.endpointId }, call.durationMs / 1000);
      const throttled = call.status === 429 || (call.code !== null && THROTTLED_CODES.has(call.code));
      if (throttled) rateLimited.inc({ endpoint: call.endpointId });
      if (call.status === 0 || call.status >= 400 || (call.code !== null && call.code !== 0)) {
        larkErrors.inc({ endpoint: call.endpointId, code });
      }
    },
    observeRateLimitWait(endpoint: string, ms: number): void {
      rateLimitWait.observe({ endpoint }, ms / 1000);
    },
    observeJob(queue: string, outcome: 'completed' | 'failed', durationMs: number | null): void {
      jobs.inc({ queue, outcome });
      if (durationMs !== null) jobDuration.observe({ queue, outcome }, durationMs / 1000);
    },
    setSyntheticCheck(key: string, ok: boolean): void {
      syntheticChecks.set({ probe: key }, ok ? 1 : 0);
    },
    setAlerts(book: Readonly<Record<string, Alert>>): void {
      firing.reset();
      for (const alert of Object.values(book)) {
        if (alert.state === 'firing')
          firing.set({ alert: alert.key, acked: String(alert.ackedBy !== null) }, 1);
      }
    },
    /** One series at a time: this replica's monitor role (decide-monitor-role.ts), or `disabled`. */
    setMonitorRole(role: { leading: boolean; basis: MonitorRoleBasis | 'disabled' }): void {
      monitorLeader.reset();
      monitorLeader.set({ basis: role.basis }, role.leading ? 1 : 0);
    },
    recordPageFailure(): void {
      pageFailures.inc();
    },
    setHeartbeatAge(ms: number | null): void {
      if (ms === null) heartbeatAge.reset();
      else heartbeatAge.set(ms / 1000);
    },
    /** Where the scrape-time queue gauge reads job counts (the serve process has the queues). */
    setQueueSource(source: () => Promise<QueueCounts>): void {
      queueSource = source;
    },
  };
}

function text(value: unknown): string {
  return typeof value === 'string' && value !== '' ? value : 'unknown';
}
