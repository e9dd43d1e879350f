import { createHash, timingSafeEqual } from 'node:crypto';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import type { Secret } from '../config/secret.js';
import { buildDashboard } from './build-dashboard.js';
import type { DashboardReader } from './create-dashboard-reader.js';
import { DASHBOARD_CSS } from './dashboard-css.js';
import { escapeHtml } from './escape-html.js';
import { html, renderDashboardPage, renderPage } from './render-dashboard-page.js';

export type DashboardAppDeps = {
  reader: DashboardReader;
  refreshSeconds: number;
  /** Required of every request when set (`dashboard.token`); null on loopback without one. */
  token: Secret | null;
  logger: Logger;
};

const COOKIE = 'larkgate_dashboard';
/** No script at all, nothing from elsewhere, no form target, never framed. */
const CONTENT_SECURITY_POLICY =
  "default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/**
 * The read-only dashboard's HTTP surface. Read-only by construction: only GET and HEAD are routed (every
 * other method gets 405 before anything else runs), the pages carry no script, form or button, and the
 * reader only reads. With a token, a request must carry it (`Authorization: Bearer`, or `?token=` once,
 * which sets a cookie holding the token's SHA-256, never the token, and redirects to the address without
 * it, so the token is not left in the address bar or on the page).
 */
export function createDashboardApp(deps: DashboardAppDeps) {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use(refuseWrites);
  app.use((_req, res, next) => {
    res.set({
      'content-security-policy': CONTENT_SECURITY_POLICY,
      'x-frame-options': 'DENY',
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cache-control': 'no-store',
    });
    next();
  });
  if (deps.token) app.use(requireToken(deps.token));

  app.get('/', (_req, res) => {
    res.redirect(303, '/dashboard');
  });
  app.get('/dashboard', async (_req, res) => {
    const dashboard = buildDashboard(await deps.reader.read());
    res.type('html').send(renderDashboardPage(dashboard, deps.refreshSeconds));
  });
  app.get('/dashboard/dashboard.css', (_req, res) => {
    res.type('css').send(DASHBOARD_CSS);
  });
  app.get('/dashboard/evidence/:chain/:seq', async (req, res) => {
    const chain = String(req.params.chain);
    const seq = Number(req.params.seq);
    const event = Number.isSafeInteger(seq) ? await deps.reader.findEvent(chain, seq) : null;
    const body = event
      ? html`<h1>Audit event ${chain}#${String(seq)}</h1><pre id="event">${JSON.stringify(event, null, 2)}</pre>`
      : html`<h1>Audit event ${chain}#${String(seq)}</h1><p>Not among the newest audit events in the stream; the audit file holds every event (<code>larkgate audit verify</code> checks it).</p>`;
    res
      .status(event ? 200 : 404)
      .type('html')
      .send(
        renderPage(
          `${chain}#${seq}`,
          html`${body}<p><a href="/dashboard">Back to the dashboard</a></p>`,
          null,
        ),
      );
  });
  app.use((_req, res) => {
    res.status(404).type('text').send('not found');
  });
  app.use((error: Error, _req: Request, res: Response, _next: NextFunction) => {
    deps.logger.warn({ err: error.message }, 'dashboard could not read');
    if (!res.headersSent)
      res.status(503).type('text').send('the dashboard could not read its sources; see the log');
  });
  return app;
}

function refuseWrites(req: Request, res: Response, next: NextFunction): void {
  if (req.method === 'GET' || req.method === 'HEAD') {
    next();
    return;
  }
  res
    .status(405)
    .set('allow', 'GET, HEAD')
    .type('text')
    .send('the dashboard is read-only: GET and HEAD only');
}

function requireToken(token: Secret) {
  const expected = digest(token.reveal());
  const matches = (candidate: string | undefined) =>
    candidate !== undefined && timingSafeEqual(digest(candidate), expected);
  return (req: Request, res: Response, next: NextFunction) => {
    const bearer = /^Bearer (.+)$/.exec(req.get('authorization') ?? '')?.[1];
    const fromQuery = typeof req.query.token === 'string' ? req.query.token : undefined;
    const cookie = cookieOf(req, COOKIE);
    if (fromQuery !== undefined && matches(fromQuery)) {
      const url = new URL(req.originalUrl, 'http://dashboard');
      url.searchParams.delete('token');
      res.set('set-cookie', `${COOKIE}=${expected.toString('hex')}; Path=/; HttpOnly; SameSite=Strict`);
      res.redirect(303, `${url.pathname}${url.search}`);
      return;
    }
    if (matches(bearer) || (cookie !== undefined && safeHexEqual(cookie, expected))) {
      next();
      return;
    }
    res
      .status(401)
      .set('www-authenticate', 'Bearer')
      .type('html')
      .send(
        renderPage(
          'Token needed',
          html`<p>${escapeHtml('This dashboard needs its token (dashboard.token).')}</p>`,
          null,
        ),
      );
  };
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

function safeHexEqual(hex: string, expected: Buffer): boolean {
  if (!/^[0-9a-f]{64}$/.test(hex)) return false;
  return timingSafeEqual(Buffer.from(hex, 'hex'), expected);
}

function cookieOf(req: Request, name: string): string | undefined {
  for (const part of (req.get('cookie') ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=');
  }
  return undefined;
}
