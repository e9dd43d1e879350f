import type { TableResolver } from '../../jobs/create-table-resolver.js';
import type { CardAction, CardAnswer } from '../../jobs/handle-card-action.js';
import type { BaseReader } from '../../jobs/ports.js';
import type { PolicySource } from '../config/create-policy-source.js';
import type { LoadedConfig } from '../config/load-config.js';
import type { Secret } from '../config/secret.js';
import type { decide } from '../domain/guard.js';
import type { Policy } from '../domain/policy.js';
import type { RequestStore } from '../store/create-request-store.js';

/** The guard the probes drive: `decide`, or (in a test) a weakened stand-in. */
export type Decide = typeof decide;

/**
 * The nine bad-input classes of seeds/001 (production_bad_input_probes.py P1–P9), in Larkgate's words.
 * Every probe belongs to one.
 */
export const SEED_CLASSES = {
  P1: 'a live action without approval',
  P2: 'an approval from someone who may not grant it',
  P3: 'an approval that is replayed, expired or spent',
  P4: 'a write where the tier or delivery stage forbids it',
  P5: 'a missing backup, marker or rollback proof',
  P6: 'an unknown, missing or ambiguous action or target',
  P7: 'an action outside its gate: unlisted endpoint, sandbox-only op, policy not in force',
  P8: 'secrets and authenticity: a literal secret, a forged or stale push',
  P9: 'input that claims a pass, or changed after approval',
} as const;
export type SeedClass = keyof typeof SEED_CLASSES;

/** One refusal a probe observed: a guard denial code, or a named refusal point (`auth.stale`, …). */
export type Refusal = { code: string; message: string };

/**
 * What the code under test did with a forbidden input. `allowed`: it let the input through. `leaked`:
 * effects that must never follow a forbidden input (an artefact minted, a push accepted, a call sent).
 */
export type ProbeOutcome = { allowed: boolean; leaked: string[]; refusals: Refusal[] };

/** Real adapters against the embedded emulator, built by the probes command (src/main/create-probe-rig.ts). */
export type ProbeRig = {
  policy: Policy;
  clock: () => number;
  reader: BaseReader;
  resolveTable: TableResolver;
  requests: RequestStore;
  /** The real card-click handler (with the real guard); reports what it queued and audited. */
  cardAction(action: CardAction): Promise<{
    answer: CardAnswer;
    queued: string[];
    audited: Array<{ type: string; details: Record<string, unknown> }>;
  }>;
  /**
   * Posts raw bytes to the bot's real HTTP app; `route` is `events` or `card`. `audited`: the `auth.*`
   * events the post caused (a 401 does not say why; its `auth.denied` event does).
   */
  post(
    route: 'events' | 'card',
    body: string,
    headers: Record<string, string>,
  ): Promise<{
    status: number;
    body: Record<string, unknown>;
    audited: Array<{ type: string; details: Record<string, unknown> }>;
  }>;
  /** What the bot's push verification needs; throwaway values of the embedded organisation. */
  push: { encryptKey: Secret; verificationToken: Secret; appId: string; botOpenId: string };
  /** Calls Lark through the real client (endpoint allowlist, rate limiter); `reached` when the emulator saw it. */
  callLark(method: string, path: string): Promise<{ denied: boolean; reached: boolean; message: string }>;
  /** The embedded organisation's valid larkgate.yaml, for probes that break it. */
  configText: string;
  /** Loads a larkgate.yaml text through the real loader (in the rig's folder, so its references resolve). */
  loadConfigText(text: string): Promise<LoadedConfig>;
  /** The loaded embedded organisation (for policy-source probes). */
  loaded: LoadedConfig;
  /** Makes the bot's HTTP app judge pushes by this policy source until the returned function is called. */
  usePolicySource(source: PolicySource): () => void;
};

export type ProbeContext = { rig: ProbeRig; decide: Decide; runId: string };

export type Probe = {
  id: string;
  seedClass: SeedClass;
  title: string;
  /** The refusal codes this probe must see; its rule is the only thing standing in the way. */
  expect: readonly string[];
  run(context: ProbeContext): Promise<ProbeOutcome>;
};

/** A valid input the harness must let through; otherwise it could not tell closed from broken. */
export type Control = {
  id: string;
  title: string;
  run(context: ProbeContext): Promise<{ allowed: boolean; detail: string }>;
};

export type ProbeVerdict = 'BLOCKED' | 'FAIL_OPEN' | 'WRONG_REASON' | 'ERROR';

export type ProbeResult = {
  id: string;
  seedClass: SeedClass;
  title: string;
  verdict: ProbeVerdict;
  /** fail_open is true for anything but BLOCKED: the rule is not proven closed. */
  failOpen: boolean;
  allowed: boolean;
  leaked: string[];
  expected: readonly string[];
  codes: string[];
  reasons: string[];
};

export type ControlResult = { id: string; title: string; ok: boolean; detail: string };

export type ProbeReport = {
  verdict: 'ALL_FAIL_CLOSED' | 'FAIL_OPEN_DETECTED';
  probeCount: number;
  blockedCount: number;
  failOpenCount: number;
  /** False when a control (a valid input) was refused: the run proves nothing. */
  harnessOk: boolean;
  results: ProbeResult[];
  controls: ControlResult[];
  /** Every refusal code some probe saw. */
  covered: string[];
};
