import type { Request } from 'express';

/**
 * The source a refusal is counted against: the client address as express's `trust proxy` resolves it
 * (the TCP peer unless `server.trust_proxy` trusts the hop in front).
 */
export function sourceOf(req: Request): string {
  return req.ip ?? req.socket.remoteAddress ?? 'unknown';
}
