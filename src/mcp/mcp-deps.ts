import type { RequestsDeps } from '../app/requests/requests-deps.js';
import type { BaseReader } from '../ports/base-reader.js';
import type { AgentQuota } from './create-agent-quota.js';

/** What the MCP tools need: the request use cases' deps, and each agent's hourly allowance. */
export type McpDeps = RequestsDeps & {
  quota: AgentQuota;
  /** The reader for records_search and records_get (field lists cached briefly: create-field-cache.ts). */
  readReader?: BaseReader;
  /** How often change_status looks again while it waits (ms). */
  pollMs?: number;
  /** Waits; passed in so tests and benches need not sleep for real. */
  sleep?: (ms: number) => Promise<void>;
};
