import type { LoadedConfig } from '../config/load-config.js';
import { resolveSecret } from '../config/resolve-secret.js';
import { type AgentTokenHashes, hashAgentToken } from '../mcp/authenticate-agent.js';

/**
 * Resolves every agent's `token: secret://…` and keeps only its SHA-256 (the secret itself is dropped at
 * once). An unresolvable reference stops the process, like any other secret.
 */
export async function loadAgentTokens(
  loaded: LoadedConfig,
  env: Readonly<Record<string, string | undefined>>,
): Promise<AgentTokenHashes> {
  const hashes = new Map<string, Buffer>();
  for (const [index, agent] of loaded.config.agents.entries()) {
    const secret = await resolveSecret(
      agent.token,
      { env, baseDir: loaded.dir },
      loaded.path,
      `agents[${index}].token`,
    );
    hashes.set(agent.id, hashAgentToken(secret.reveal()));
  }
  return hashes;
}
