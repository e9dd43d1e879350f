import type { Dashboard, Evidence } from './build-dashboard.js';
import { escapeHtml } from './escape-html.js';

/** HTML that is already escaped; everything else put in a page goes through escapeHtml. */
export type SafeHtml = { readonly html: string };

/** `html\`<td>${value}</td>\``: every interpolated string is escaped, SafeHtml and arrays of it are not. */
export function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  let out = strings[0] ?? '';
  values.forEach((value, index) => {
    out += toHtml(value) + (strings[index + 1] ?? '');
  });
  return { html: out };
}

function toHtml(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.map(toHtml).join('');
  if (typeof value === 'object' && 'html' in value) return String((value as SafeHtml).html);
  return escapeHtml(String(value));
}

export function evidenceLink(evidence: Evidence | null): SafeHtml {
  if (!evidence) return html`<span class="none">—</span>`;
  const href = `/dashboard/evidence/${encodeURIComponent(evidence.chain)}/${evidence.seq}`;
  return html`<a class="evidence" href="${href}">${evidence.chain}#${evidence.seq}</a>`;
}

/** A page of the dashboard: no script, no form, nothing that changes anything; it reloads itself. */
export function renderPage(title: string, body: SafeHtml, refreshSeconds: number | null): string {
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${title}</title>
${refreshSeconds === null ? '' : html`<meta http-equiv="refresh" content="${String(refreshSeconds)}">`}
<link rel="stylesheet" href="/dashboard/dashboard.css"></head>
<body>${body}</body></html>`.html;
}

function time(at: number): string {
  return `${new Date(at).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** "5 min ago", "in 25 min", "3 d ago". */
export function relative(at: number, now: number): string {
  const ms = Math.abs(now - at);
  const amount =
    ms < 60_000
      ? `${Math.round(ms / 1000)} s`
      : ms < 3_600_000
        ? `${Math.round(ms / 60_000)} min`
        : ms < 172_800_000
          ? `${(ms / 3_600_000).toFixed(1)} h`
          : `${(ms / 86_400_000).toFixed(1)} d`;
  return at <= now ? `${amount} ago` : `in ${amount}`;
}

const when = (at: number, now: number) =>
  html`<span title="${time(at)}">${time(at)} (${relative(at, now)})</span>`;

function table(id: string, headers: readonly string[], rows: SafeHtml[], empty: string): SafeHtml {
  if (rows.length === 0) return html`<p class="empty" id="${id}-empty">${empty}</p>`;
  return html`<table id="${id}"><thead><tr>${headers.map((header) => html`<th>${header}</th>`)}</tr></thead><tbody>${rows}</tbody></table>`;
}

/** The dashboard as one HTML page. */
export function renderDashboardPage(dashboard: Dashboard, refreshSeconds: number): string {
  const now = dashboard.generatedAt;
  const bases = table(
    'bases',
    ['Base', 'Tier', 'Stage', 'Staging', 'Tables', 'Live-op queue'],
    dashboard.bases.map(
      (base) =>
        html`<tr data-base="${base.alias}"><td><strong>${base.alias}</strong> <span class="muted">${base.name}</span></td><td>${base.tier}</td><td>${base.stage}</td><td>${base.staging ? 'staging' : 'no'}</td><td>${base.tables.join(', ')}</td><td>${base.queueDepth === null ? 'unknown' : `${base.queueDepth} waiting or running`}</td></tr>`,
    ),
    'No bases in the policy.',
  );
  const pending = table(
    'pending',
    ['Request', 'Change', 'Asked by', 'Age', 'Expires', 'Votes', 'Still needed', 'Evidence'],
    dashboard.pending.map(
      (request) =>
        html`<tr data-request-id="${request.id}"><td>${request.id}${request.outdated ? html` <span class="warn">outdated</span>` : ''}</td><td>${request.op} ${request.target}</td><td>${request.requester}</td><td>${relative(request.createdAt, now).replace(' ago', '')}</td><td>${when(request.expiresAt, now)}</td><td>${request.approvals} of ${request.approvalsNeeded} approvals${request.rejections > 0 ? `, ${request.rejections} rejections` : ''}</td><td>${request.stillNeeded === 0 ? 'none' : `${request.stillNeeded} from ${request.canApprove.join(', ') || 'nobody eligible'}`}</td><td>${evidenceLink(request.evidence)}</td></tr>`,
    ),
    'No request is waiting for approval.',
  );
  const outcomes = table(
    'outcomes',
    ['Request', 'Outcome', 'Change', 'When', 'Backup', 'Detail', 'Evidence'],
    dashboard.outcomes.map(
      (row) =>
        html`<tr data-request-id="${row.requestId}" data-outcome="${row.outcome}"><td>${row.requestId}</td><td class="outcome-${row.outcome.replace(' ', '-')}">${row.outcome}</td><td>${row.target ?? '—'}</td><td>${when(row.at, now)}</td><td class="mono">${row.backupId ?? '—'}</td><td>${row.detail ?? ''}</td><td>${evidenceLink(row.evidence)}</td></tr>`,
    ),
    'No request has finished in the audit events read.',
  );
  const drills = table(
    'drills',
    [
      'Base',
      'Tier rule',
      'Newest passing drill (judged by the guard)',
      'Age vs rule',
      "This base's own last drill",
    ],
    dashboard.drills.map(
      (drill) =>
        html`<tr data-base="${drill.alias}"><td>${drill.alias}</td><td>${drill.tier}: ${drill.ruleDays === null ? 'no drill rule' : `a passing drill within ${drill.ruleDays} d`}</td><td>${drill.lastPassing ? html`${when(drill.lastPassing.at, now)} on ${drill.lastPassing.base} ${evidenceLink(drill.lastPassing.evidence)}` : 'none recorded'}</td><td class="verdict-${drill.verdict.replace(' ', '-')}">${drill.verdict}</td><td>${drill.own ? html`${drill.own.passed ? 'passed' : 'FAILED'} ${when(drill.own.at, now)} ${evidenceLink(drill.own.evidence)}` : '—'}</td></tr>`,
    ),
    'No bases.',
  );
  const readiness = dashboard.readiness
    ? html`<p>Overall <strong class="gate-${dashboard.readiness.overall}">${dashboard.readiness.overall}</strong>, evaluated ${when(dashboard.readiness.at, now)} ${evidenceLink(dashboard.readiness.evidence)}</p>
<table id="gates"><thead><tr><th>Gate</th><th>Status</th></tr></thead><tbody>${dashboard.readiness.gates.map((gate) => html`<tr data-gate="${String(gate.gate)}"><td>Gate ${String(gate.gate)}</td><td class="gate-${gate.status}">${gate.status}</td></tr>`)}</tbody></table>`
    : html`<p class="empty" id="gates-empty">Not evaluated in the audit events read: run <code>larkgate readiness</code>. Every gate counts as MISSING until then.</p>`;
  const alerts = !dashboard.alerts.known
    ? html`<p class="empty" id="alerts-empty">Monitoring is off (or its alert book is unreadable): no alerts known.</p>`
    : table(
        'alerts',
        ['Alert', 'Severity', 'State', 'Since', 'Acked by', 'Detail', 'Paged (evidence)'],
        dashboard.alerts.open.map(
          (alert) =>
            html`<tr data-alert="${alert.key}"><td>${alert.key}</td><td>${alert.severity}</td><td>${alert.state}</td><td>${when(alert.since, now)}</td><td>${alert.ackedBy ?? '—'}</td><td>${alert.detail}</td><td>${evidenceLink(alert.evidence)}</td></tr>`,
        ),
        'No open alert or page.',
      );
  const audit = dashboard.audit;
  const auditSection = html`<p id="audit-newest">Newest event: ${audit.newest ? html`${audit.newest.type} ${when(audit.newest.at, now)} ${evidenceLink(audit.newest.evidence)}` : 'none'}.
 Read ${String(audit.eventsRead)} events${audit.wholeStream ? ' (the whole stream)' : ' (the newest; older rows may be missing)'}.</p>
<p id="audit-verify">Last verification of the chains: ${audit.lastVerify ? html`${when(audit.lastVerify.at, now)}, by <code>larkgate readiness</code> (it verifies both sinks before reading its evidence) ${evidenceLink(audit.lastVerify.evidence)}` : 'none recorded'}. <code>larkgate audit verify</code> records no event: run it for the full check of file and stream.</p>
${table(
  'checkpoints',
  ['Chain', 'Newest signed checkpoint', 'Evidence'],
  audit.checkpoints.map(
    (checkpoint) =>
      html`<tr><td class="mono">${checkpoint.chain}</td><td>${when(checkpoint.at, now)}</td><td>${evidenceLink(checkpoint.evidence)}</td></tr>`,
  ),
  'No signed checkpoint in the events read.',
)}`;

  return renderPage(
    'Larkgate dashboard',
    html`<header><h1>Larkgate dashboard</h1><p class="muted">Read-only. Generated ${time(now)}; reloads every ${String(refreshSeconds)} s. Each row links to its audit event (<code>chain#seq</code>).</p></header>
<section><h2>Bases</h2>${bases}</section>
<section><h2>Pending requests</h2>${pending}</section>
<section><h2>Recent outcomes</h2>${outcomes}</section>
<section><h2>Rollback drills</h2>${drills}</section>
<section><h2>Readiness gates</h2>${readiness}</section>
<section><h2>Open alerts and pages</h2>${alerts}</section>
<section><h2>Audit</h2>${auditSection}</section>`,
    refreshSeconds,
  );
}
