import type { Server } from 'node:http';
import type { IncomingMessage } from '../../../jobs/queue-names.js';
import type { Audited, ProbeRig } from '../../evidence/probe.js';
import { createHttpApp } from '../../http/create-http-app.js';
import type { HttpDeps } from '../../http/http-deps.js';
import type { AuditInput } from '../../ports/audit.js';
import { createDedupStore } from '../../store/create-dedup-store.js';
import type { Runtime } from '../create-runtime.js';
import { createServeHttpDeps } from '../create-serve-http-deps.js';
import { createServeRefusals } from '../create-serve-refusals.js';

/**
 * The bot's real HTTP app on a loopback port, built as serve builds it. Messages it accepts are handed to
 * the intake queue: recorded here, and reported by the probe that sent them (a forged push that reaches the
 * intake is a fail-open). Registers its stop in `cleanups`.
 */
export async function startProbeHttp(
  runtime: Runtime,
  parts: Pick<HttpDeps, 'botOpenId' | 'handleCardAction' | 'policyProblem'>,
  cleanups: Array<() => Promise<void>>,
): Promise<Pick<ProbeRig, 'post' | 'closeRefusalWindows'>> {
  let intake: IncomingMessage[] = [];
  let httpAudited: Audited[] = [];
  const httpAudit = async (input: AuditInput) => {
    httpAudited.push({ type: input.type, requestId: input.requestId, details: input.details });
    return runtime.audit(input);
  };
  // No window timer: a probe closes the windows itself (closeRefusalWindows), as a shutdown would.
  const refusals = createServeRefusals(runtime, { audit: httpAudit, flushEveryMs: null });
  const app = createHttpApp({
    ...createServeHttpDeps(runtime, {
      refusals,
      // Each post names its source in X-Forwarded-For (from loopback, trusted here only), so one probe's
      // refusals are not tallied with another's.
      trustProxy: 'loopback',
      audit: httpAudit,
      dedup: createDedupStore(runtime.redis, runtime.keys),
      botOpenId: parts.botOpenId,
      enqueueMessage: async (message) => {
        intake.push(message);
      },
      handleCardAction: parts.handleCardAction,
      readiness: [],
    }),
    policyProblem: parts.policyProblem,
  });
  const server = await new Promise<Server>((resolve, reject) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
    listening.once('error', reject);
  });
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  const address = server.address();
  const botUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  let sources = 0;
  return {
    async post(route, body, headers, source) {
      intake = [];
      httpAudited = [];
      sources += 1;
      const from = source ?? `198.18.${Math.floor(sources / 250) % 256}.${(sources % 250) + 1}`;
      const response = await fetch(`${botUrl}/lark/${route}`, {
        method: 'POST',
        headers: { ...headers, 'x-forwarded-for': from },
        body,
      });
      const text = await response.text();
      let parsed: Record<string, unknown> = {};
      try {
        parsed = JSON.parse(text) as Record<string, unknown>;
      } catch {
        parsed = { text };
      }
      return { status: response.status, body: parsed, audited: httpAudited, queued: intake };
    },
    async closeRefusalWindows() {
      httpAudited = [];
      await refusals.flushAll();
      return httpAudited;
    },
  };
}
