import { createHash, timingSafeEqual } from 'node:crypto';

/** An agent's bearer token as kept in memory: only its SHA-256. */
export type AgentTokenHashes = ReadonlyMap<string, Buffer>;

export function hashAgentToken(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

export type AgentAuthentication =
  | { ok: true; agentId: string }
  | { ok: false; reason: 'mcp_token_missing' | 'mcp_token_unknown' };

/**
 * Which agent an `Authorization: Bearer <token>` header names: the token's SHA-256 compared in constant time
 * with every agent's (all of them, so the time says nothing about which came close).
 */
export function authenticateAgent(header: string | undefined, hashes: AgentTokenHashes): AgentAuthentication {
  const match = /^Bearer ([\x21-\x7e]{16,512})$/.exec(header ?? '');
  if (!match?.[1]) return { ok: false, reason: 'mcp_token_missing' };
  const presented = hashAgentToken(match[1]);
  let found: string | null = null;
  for (const [agentId, hash] of hashes) {
    if (timingSafeEqual(presented, hash) && found === null) found = agentId;
  }
  return found === null ? { ok: false, reason: 'mcp_token_unknown' } : { ok: true, agentId: found };
}
