import { canonicalJson } from '../domain/canonical-json.js';
import type { Policy } from '../domain/policy.js';
import { checkPolicyPin } from './check-policy-pin.js';
import { ConfigError } from './config-error.js';
import type { LoadedConfig } from './load-config.js';
import { PolicyUnavailableError } from './policy-unavailable-error.js';

export type PolicyState = {
  /** The policy in force, or null: then nothing that needs one may happen. */
  policy: Policy | null;
  loaded: LoadedConfig | null;
  /** Why there is no policy in force; null when there is one. */
  problem: string | null;
};

export type PolicyReload = { ok: true; hash: string; changed: boolean } | { ok: false; problem: string };

export type PolicySource = {
  current(): Policy | null;
  /** The config the policy in force came from; null when there is none. */
  loaded(): LoadedConfig | null;
  problem(): string | null;
  /** The policy in force, or a PolicyUnavailableError: the one place "no policy" becomes a refusal. */
  require(): Policy;
  /** Loads and validates the files again. On any problem there is no policy in force (never the old one). */
  reload(): Promise<PolicyReload>;
  /** Called after every reload with the new state; returns an unsubscribe function. */
  subscribe(listener: (state: PolicyState) => void): () => void;
};

/**
 * The policy holder (docs/product.md §4, docs/seeds/002: "policy that cannot be loaded → refuse to serve"). It
 * starts with the policy loaded at start. A reload that fails to load or validate, whose hash does not
 * match the pin, or that changes what a running process cannot apply (the Lark app, Redis, audit, backup,
 * the endpoint allowlist and limits, the set of bases) leaves NO policy in force, with the reason, until a
 * later reload succeeds. There is no permissive default and no silent fallback to the previous policy.
 */
export function createPolicySource(deps: {
  initial: LoadedConfig;
  load: () => Promise<LoadedConfig>;
  pin: string | null;
}): PolicySource {
  const startProblem = checkPolicyPin(deps.initial.policy.hash, deps.pin);
  let state: PolicyState = startProblem
    ? { policy: null, loaded: null, problem: startProblem }
    : { policy: deps.initial.policy, loaded: deps.initial, problem: null };
  const listeners = new Set<(state: PolicyState) => void>();
  let queue: Promise<unknown> = Promise.resolve();

  async function reloadOnce(): Promise<PolicyReload> {
    const before = state.policy?.hash ?? null;
    let next: LoadedConfig;
    try {
      next = await deps.load();
    } catch (error) {
      return settle({ policy: null, loaded: null, problem: describeLoadError(error) });
    }
    const pinProblem = checkPolicyPin(next.policy.hash, deps.pin);
    if (pinProblem) return settle({ policy: null, loaded: null, problem: pinProblem });
    const restart = findRestartChanges(deps.initial, next);
    if (restart.length > 0) {
      return settle({
        policy: null,
        loaded: null,
        problem: `the new policy changes ${restart.join(', ')}, which a running process cannot apply: restart Larkgate to load it`,
      });
    }
    const result = settle({ policy: next.policy, loaded: next, problem: null });
    return result.ok ? { ...result, changed: before !== next.policy.hash } : result;
  }

  function settle(next: PolicyState): PolicyReload {
    state = next;
    for (const listener of listeners) listener(state);
    return next.policy
      ? { ok: true, hash: next.policy.hash, changed: true }
      : { ok: false, problem: next.problem ?? 'unknown' };
  }

  return {
    current: () => state.policy,
    loaded: () => state.loaded,
    problem: () => state.problem,
    require() {
      if (state.policy) return state.policy;
      throw new PolicyUnavailableError(state.problem ?? 'no policy loaded');
    },
    reload() {
      const run = queue.then(reloadOnce, reloadOnce);
      queue = run.catch(() => undefined);
      return run;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** What changed between two loads that only a restart can apply. */
export function findRestartChanges(before: LoadedConfig, after: LoadedConfig): string[] {
  const changes: string[] = [];
  const section = (name: keyof LoadedConfig['config']) =>
    canonicalJson(before.config[name] ?? null) !== canonicalJson(after.config[name] ?? null);
  for (const name of ['app', 'server', 'redis', 'audit', 'backup'] as const) {
    if (section(name)) changes.push(`${name} (in ${after.path})`);
  }
  if (canonicalJson(before.endpoints) !== canonicalJson(after.endpoints))
    changes.push('the endpoint allowlist');
  if (canonicalJson(before.limits) !== canonicalJson(after.limits)) changes.push('the API limits');
  const aliases = (loaded: LoadedConfig) =>
    loaded.policy.bases
      .map((base) => base.alias)
      .sort()
      .join(',');
  if (aliases(before) !== aliases(after)) changes.push('the set of bases (each has its own live-op queue)');
  // Agents' tokens are resolved (and only their hashes kept) at start.
  const tokens = (loaded: LoadedConfig) =>
    canonicalJson(loaded.config.agents.map((agent) => [agent.id, agent.token]).sort());
  if (tokens(before) !== tokens(after)) changes.push('the agents’ tokens (resolved at start)');
  return changes;
}

function describeLoadError(error: unknown): string {
  if (error instanceof ConfigError) return `policy cannot be loaded: ${error.message}`;
  return `policy cannot be loaded: ${(error as Error).message ?? String(error)}`;
}
