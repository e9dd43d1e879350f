import type { Request, Response } from 'express';
import type { PushRefusals } from './create-push-refusals.js';
import { sourceOf } from './source-of.js';

/** Why the MCP route refuses a caller before any MCP is spoken. */
export const MCP_AUTH_REFUSALS = ['mcp_token_missing', 'mcp_token_unknown'] as const;

/** What `/mcp` needs from the MCP server (src/mcp), wired in src/main/start-serve.ts. */
export type McpEndpoint = {
  /** Why it may not serve now (no policy, no agents, pins drifted), or null. */
  problem(): string | null;
  /** Which agent the Authorization header names. */
  authenticate(
    header: string | undefined,
  ): { ok: true; agentId: string } | { ok: false; reason: (typeof MCP_AUTH_REFUSALS)[number] };
  serve(agentId: string, req: Request, res: Response, body: unknown): Promise<void>;
};

/**
 * `POST /mcp` (Streamable HTTP, issue 13). Fail closed: while it may not serve, 503 and why (as /readyz says);
 * a missing or unknown bearer token, 401 `{"error":"unauthorized"}` whatever was wrong, tallied and audited
 * `auth.denied` like a forged push (which one is only in the audit).
 */
export function createMcpRoute(deps: { mcp: McpEndpoint; refusals: PushRefusals }) {
  return async (req: Request, res: Response): Promise<void> => {
    const problem = deps.mcp.problem();
    if (problem !== null) {
      res.status(503).json({ error: 'unavailable', why: problem });
      return;
    }
    const who = deps.mcp.authenticate(req.get('authorization'));
    if (!who.ok) {
      await deps.refusals.refuse(sourceOf(req), { route: 'mcp', reason: who.reason });
      res.status(401).set('www-authenticate', 'Bearer').json({ error: 'unauthorized' });
      return;
    }
    await deps.mcp.serve(who.agentId, req, res, req.body);
  };
}
