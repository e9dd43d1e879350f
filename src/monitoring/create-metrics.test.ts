import { describe, expect, it } from 'vitest';
import { createMetrics } from './create-metrics.js';

describe('createMetrics', () => {
  it('counts requests, votes, approvals, denials by reason, ops and backups from audit events', async () => {
    const metrics = createMetrics({ role: 'worker' });
    metrics.recordAuditEvent('request.created', { op: 'update', base: 'crm' });
    metrics.recordAuditEvent('approval.vote', { decision: 'approve', result: 'approved' });
    metrics.recordAuditEvent('approval.vote', {
      decision: 'approve',
      result: 'denied',
      denials: [{ code: 'self_approval', message: '…' }],
    });
    metrics.recordAuditEvent('approval.created', {});
    metrics.recordAuditEvent('tool.denied', { denials: [{ code: 'not_requester', message: '…' }] });
    metrics.recordAuditEvent('backup.created', {});
    metrics.recordAuditEvent('op.verify_failed', {});

    const text = await metrics.registry.metrics();

    expect(text).toContain('larkgate_requests_total{op="update",base="crm",role="worker"} 1');
    expect(text).toContain('larkgate_votes_total{decision="approve",result="denied",role="worker"} 1');
    expect(text).toContain('larkgate_approvals_total{role="worker"} 1');
    expect(text).toContain('larkgate_denials_total{reason="self_approval",role="worker"} 1');
    expect(text).toContain('larkgate_denials_total{reason="not_requester",role="worker"} 1');
    expect(text).toContain('larkgate_backups_total{result="created",role="worker"} 1');
    expect(text).toContain('larkgate_ops_total{outcome="verify_failed",role="worker"} 1');
  });

  it('counts failed backups apart from created ones', async () => {
    const metrics = createMetrics({ role: 'worker' });
    metrics.recordAuditEvent('backup.created', {});
    metrics.recordBackupFailure();
    metrics.recordBackupFailure();

    const text = await metrics.registry.metrics();

    expect(text).toContain('larkgate_backups_total{result="created",role="worker"} 1');
    expect(text).toContain('larkgate_backups_total{result="failed",role="worker"} 2');
  });

  it('counts Lark calls, errors by code and throttled answers', async () => {
    const metrics = createMetrics({ role: 'serve' });
    const call = { endpointId: 'bitable.record.search', method: 'POST', durationMs: 12 };
    metrics.recordLarkCall({ ...call, status: 200, code: 0 });
    metrics.recordLarkCall({ ...call, status: 429, code: 99991400 });
    metrics.recordLarkCall({ ...call, status: 0, code: null });

    const text = await metrics.registry.metrics();

    expect(text).toContain(
      'larkgate_lark_api_calls_total{endpoint="bitable.record.search",status="200",code="0",role="serve"} 1',
    );
    expect(text).toContain(
      'larkgate_lark_api_errors_total{endpoint="bitable.record.search",code="99991400",role="serve"} 1',
    );
    expect(text).toContain(
      'larkgate_lark_api_errors_total{endpoint="bitable.record.search",code="none",role="serve"} 1',
    );
    expect(text).toContain(
      'larkgate_lark_rate_limited_total{endpoint="bitable.record.search",role="serve"} 1',
    );
  });

  it('two registries do not share figures (no global default registry)', async () => {
    const one = createMetrics({ role: 'a' });
    const two = createMetrics({ role: 'b' });
    one.recordSinkFailure('file');

    expect(await one.registry.metrics()).toContain(
      'larkgate_audit_sink_failures_total{sink="file",role="a"} 1',
    );
    expect(await two.registry.metrics()).not.toContain('larkgate_audit_sink_failures_total{sink="file"');
  });

  it('reads queue depth at scrape time, and a slow queue source does not break the scrape', async () => {
    const metrics = createMetrics({ role: 'serve' });
    metrics.setQueueSource(async () => [{ queue: 'intake', counts: { waiting: 3, active: 1 } }]);

    expect(await metrics.registry.metrics()).toContain(
      'larkgate_queue_jobs{queue="intake",state="waiting",role="serve"} 3',
    );

    metrics.setQueueSource(() => Promise.reject(new Error('redis down')));
    expect(await metrics.registry.metrics()).not.toContain('larkgate_queue_jobs{queue="intake"');
  });
});
