import type { IncomingMessage } from '../../jobs/queue-names.js';
import type { CardAction } from '../app/approvals/card-action.js';
import type { CardAnswer } from '../app/approvals/card-answer.js';
import type { TableResolver } from '../app/requests/create-table-resolver.js';
import type { PolicySource } from '../config/create-policy-source.js';
import type { LoadedConfig } from '../config/load-config.js';
import type { Secret } from '../config/secret.js';
import type { Policy } from '../domain/policy.js';
import type { receiveLarkPush } from '../http/receive-lark-push.js';
import type { BaseReader } from '../ports/base-reader.js';
import type { Decide as JobsDecide } from '../ports/decide.js';
import type { RequestStore } from '../ports/request-store.js';

/** The guard the probes drive: `decide`, or (in a test) a weakened stand-in. */
export type Decide = JobsDecide;

/**
 * The nine bad-input classes of docs/seeds/001 (production_bad_input_probes.py P1–P9), in Larkgate's words.
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

/** An audit event a handler wrote during one rig call. */
export type Audited = { type: string; requestId: string | null; details: Record<string, unknown> };

/** A message or card a handler sent during one rig call (the rig's chat records them; none reach Lark). */
export type Sent = { kind: 'text' | 'card' | 'patch'; to: string; uuid: string | null; text: string | null };

/** How one call into a real handler is wired: the guard under test, and a fault to inject. */
export type HandlerOptions = {
  decide: Decide;
  /** The audit log refuses events of this type (AuditUnavailableError), as when no sink can record. */
  auditFailsAt?: string;
};

/** What a real handler did in one rig call: what it audited and sent, and the error it threw, if any. */
export type HandlerRun = { audited: Audited[]; sent: Sent[]; error: Error | null };

/**
 * The embedded world, built by the probes command (src/main/probe-rig/create-probe-rig.ts): real adapters
 * against the embedded emulator, and the real processors (`handleChatMessage`, `handleCardAction`, `runLiveOp`,
 * `runRollbackDrill`, `holdWithoutPolicy`) called with the guard a probe passes in.
 */
export type ProbeRig = {
  policy: Policy;
  clock: () => number;
  reader: BaseReader;
  resolveTable: TableResolver;
  requests: RequestStore;
  /** A chat message through the real intake processor; `drillAt` is the guard's drill evidence (null: none). */
  chat(message: IncomingMessage, options: HandlerOptions & { drillAt?: number | null }): Promise<HandlerRun>;
  /** A card click through the real card handler; reports the live ops it queued. */
  cardAction(
    action: CardAction,
    options: HandlerOptions,
  ): Promise<HandlerRun & { answer: CardAnswer | null; queued: string[] }>;
  /**
   * The real live-op processor on one request (backup encrypted for real, writes to the emulator);
   * `backupFails`: the backup store refuses. Reports every Base write it made and the state it left.
   */
  liveOp(
    requestId: string,
    options: HandlerOptions & { backupFails?: boolean },
  ): Promise<HandlerRun & { state: string | null; writes: string[]; backupAttempts: number }>;
  /** The real rollback drill runner on one base; reports the schema and record writes it made. */
  drill(base: string, options: HandlerOptions): Promise<HandlerRun & { passed: boolean; writes: string[] }>;
  /**
   * A chat job taken by the worker's real intake processor, wrapped as the worker wraps it
   * (`holdWithoutPolicy`), while `source` is the policy in force (or none).
   */
  intakeJob(
    message: IncomingMessage,
    source: PolicySource,
  ): Promise<HandlerRun & { ran: boolean; delayedUntil: number | null }>;
  /**
   * Posts raw bytes to the bot's real HTTP app; `route` is `events` or `card`. Reports what the app
   * audited (`auth.denied` names why a push was refused) and the messages it handed to the intake queue.
   */
  post(
    route: 'events' | 'card',
    body: string,
    headers: Record<string, string>,
    /** The sender's address (X-Forwarded-For, trusted in the rig); default a new one for every post. */
    source?: string,
  ): Promise<{
    status: number;
    body: Record<string, unknown>;
    audited: Audited[];
    queued: IncomingMessage[];
  }>;
  /** Closes every source's refusal window, as a shutdown does; returns the aggregated events it audited. */
  closeRefusalWindows(): Promise<Audited[]>;
  /**
   * What the bot's push verification needs (throwaway values of the embedded organisation), and what a
   * probe needs to forge a push: Lark's sealing (passed in by src/main, from the emulator) and the bot's own
   * verification and body limit (from src/http), so src/evidence imports neither at run time.
   */
  push: {
    encryptKey: Secret;
    verificationToken: Secret;
    appId: string;
    botOpenId: string;
    /** Encrypts and signs a payload as Lark does: the exact body and the headers that sign it. */
    seal(
      payload: unknown,
      encryptKey: string,
      nowMs: number,
    ): { body: string; headers: Record<string, string> };
    /** Lark's `encrypt` field for a plaintext. */
    encrypt(plaintext: string, encryptKey: string): string;
    /** Lark's `X-Lark-Signature` over a body. */
    sign(timestamp: string, nonce: string, encryptKey: string, body: string): string;
    /** The bot's push verification (`receiveLarkPush`), as the routes run it. */
    verify: typeof receiveLarkPush;
    /** The largest body the bot's routes read. */
    bodyLimitBytes: number;
  };
  /** Calls Lark through the real client (endpoint allowlist, rate limiter); `reached` when the emulator saw it. */
  callLark(method: string, path: string): Promise<{ denied: boolean; reached: boolean; message: string }>;
  /** The embedded organisation's valid larkgate.yaml, for probes that break it. */
  configText: string;
  /** Where the rig's config lives (relative references in a probe's config resolve from here). */
  dir: string;
  /** Loads a larkgate.yaml text through the real loader (in the rig's folder, so its references resolve). */
  loadConfigText(text: string): Promise<LoadedConfig>;
  /** Writes a file into the rig's folder (for probes that break allowed_endpoints.yaml or the limits). */
  writeFile(name: string, text: string): Promise<string>;
  /**
   * Checkpoints the rig's audit log, copies its file changed by `tamper` (as an intruder would), and runs
   * the real `larkgate audit verify --config <rig config> --file <copy> --json` on it (the rig's Redis
   * holds the stream and the checkpoint anchor). Returns its exit code and JSON report.
   */
  verifyTamperedAudit(
    tamper: (lines: readonly string[]) => string[],
  ): Promise<{ code: number; report: Record<string, unknown> | null }>;
  /** Alters one byte of a stored backup, as a disk fault or an intruder would (its id no longer matches). */
  tamperBackup(backupId: string): Promise<void>;
  /**
   * The start-up checks of the composition roots, run for real on a loaded config: the backup recipients'
   * keys (worker), the on-call chat monitoring pages (serve), the outage drill's deployment (drill
   * outage), the app secret Lark accepts (every process; `accepts` stands in for Lark's answer).
   */
  preflight: {
    backupRecipients(loaded: LoadedConfig): Promise<void>;
    monitoring(loaded: LoadedConfig): Promise<void>;
    outageDrill(loaded: LoadedConfig): Promise<void>;
    appSecret(loaded: LoadedConfig, accepts: (secret: Secret) => Promise<boolean>): Promise<void>;
  };
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
