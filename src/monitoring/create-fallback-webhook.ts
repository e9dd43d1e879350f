import type { Secret } from '../config/secret.js';
import type { Alert } from '../domain/alert.js';
import { describeAlert } from '../domain/describe-alert.js';

/** Domains that are Lark's own: a fallback there fails with Lark (docs/reference/lark-api.md: open.feishu.cn, open.larksuite.com). */
const LARK_DOMAINS = ['feishu.cn', 'feishu.net', 'larksuite.com', 'larkoffice.com'];
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

export type FallbackUrlCheck = { kind: 'ok'; host: string } | { kind: 'refused'; problem: string };

/**
 * Is this a usable out-of-band webhook URL (pure)? http(s) only, https unless on loopback (the URL
 * carries a token), and not on a Lark domain nor on the configured Lark origin: the fallback exists for
 * when Lark is what failed. The problem never quotes the URL, which is a secret.
 */
export function checkFallbackUrl(url: string, larkDomain: string): FallbackUrlCheck {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { kind: 'refused', problem: 'the fallback webhook URL is not a URL' };
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    return { kind: 'refused', problem: 'the fallback webhook URL must be http(s)' };
  }
  const hostname = parsed.hostname.toLowerCase();
  if (parsed.protocol === 'http:' && !LOOPBACK.has(hostname)) {
    return {
      kind: 'refused',
      problem: `the fallback webhook on ${hostname} must use https (its URL holds a token)`,
    };
  }
  const lark = LARK_DOMAINS.find((domain) => hostname === domain || hostname.endsWith(`.${domain}`));
  if (lark) {
    return {
      kind: 'refused',
      problem: `the fallback webhook is on ${hostname}, a Lark domain: it would fail with Lark, which is what it is for`,
    };
  }
  if (/^https?:\/\//.test(larkDomain) && new URL(larkDomain).host === parsed.host) {
    return {
      kind: 'refused',
      problem: `the fallback webhook is on ${parsed.host}, the configured Lark domain (app.domain)`,
    };
  }
  return { kind: 'ok', host: parsed.host };
}

/**
 * The fallback's JSON body (pure): a flat, documented object that a generic receiver, an Alertmanager-
 * style webhook receiver or a chat incoming webhook (`text`) can take. Only what the card shows: the
 * alert, its detail, since when, the runbook, and why Lark could not be used. No secret is in an alert.
 */
export function buildFallbackBody(input: {
  alert: Alert;
  reason: string;
  now: number;
  runbookUrl?: string | undefined;
}): Record<string, unknown> {
  const { alert } = input;
  const { title, runbook, firstCheck } = describeAlert(alert.key);
  const runbookLink = `${input.runbookUrl ?? 'docs/runbooks/'}${runbook}.md`;
  const since = new Date(alert.since).toISOString();
  const why = `the page could not reach the on-call chat in Lark: ${input.reason.slice(0, 300)}`;
  return {
    version: 1,
    source: 'larkgate',
    status: 'firing',
    alert: alert.key,
    incident: alert.incident,
    severity: alert.severity,
    title,
    detail: alert.detail.slice(0, 500),
    first_check: firstCheck,
    since,
    sent_at: new Date(input.now).toISOString(),
    runbook: runbookLink,
    why_fallback: why,
    text: `🚨 Larkgate: ${title} (since ${since}). ${alert.detail.slice(0, 300)} Runbook: ${runbookLink}. Sent here because ${why}.`,
  };
}

export type FallbackWebhook = {
  /** The receiver's host, for logs and the audit trail (the URL itself is a secret). */
  host: string;
  send(alert: Alert, reason: string, now: number): Promise<void>;
};

/**
 * The out-of-band pager: one JSON POST to `monitoring.fallback_webhook.url`, with its own deadline, for
 * a page that could not reach Lark. Not a Lark call, so not through the Lark allowlist. Errors name the
 * host and the HTTP status, never the URL.
 */
export function createFallbackWebhook(options: {
  url: Secret;
  host: string;
  timeoutMs: number;
  runbookUrl?: string | undefined;
  fetch?: typeof fetch;
}): FallbackWebhook {
  const post = options.fetch ?? fetch;
  return {
    host: options.host,
    async send(alert, reason, now) {
      let response: Response;
      try {
        response = await post(options.url.reveal(), {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(buildFallbackBody({ alert, reason, now, runbookUrl: options.runbookUrl })),
          redirect: 'error',
          signal: AbortSignal.timeout(options.timeoutMs),
        });
      } catch (error) {
        const name = (error as Error).name;
        throw new Error(
          name === 'TimeoutError'
            ? `fallback webhook on ${options.host}: no answer within ${options.timeoutMs} ms`
            : `fallback webhook on ${options.host}: could not connect`,
        );
      }
      await response.body?.cancel().catch(() => undefined);
      if (!response.ok) throw new Error(`fallback webhook on ${options.host}: HTTP ${response.status}`);
    },
  };
}
