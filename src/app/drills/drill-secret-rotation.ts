import { randomBytes } from 'node:crypto';
import { ConfigError } from '../../config/config-error.js';
import { Secret } from '../../config/secret.js';

/** One check of the drill: what was tried, what should happen, what did. */
export type RotationStep = {
  secret: 'encrypt_key' | 'app_secret';
  phase: 'before' | 'overlap' | 'after';
  what: string;
  expected: 'accepted' | 'refused';
  observed: 'accepted' | 'refused';
  ok: boolean;
};

export type RotationDrillResult = { passed: boolean; steps: RotationStep[] };

/** A stand-in Lark that knows one app secret, as Lark does at any moment of a rotation. */
export type LarkWithSecret = {
  /** Asks for a tenant token with this secret; true when Lark issues one. */
  accepts(secret: Secret): Promise<boolean>;
  close(): Promise<void>;
};

/** Encrypts and signs a push as Lark does (the emulator's sealPush): the drill's stand-in for Lark's side. */
export type PushSealer = (
  payload: unknown,
  encryptKey: string,
  nowMs: number,
) => { body: string; headers: Record<string, string> };

/** Larkgate's own push verification (src/http/receive-lark-push.ts), the code under drill. */
export type PushReceiver = (
  headers: Record<string, string>,
  rawBody: Buffer,
  options: {
    encryptKey: Secret;
    previousEncryptKey: { key: Secret; validUntilMs: number } | null;
    verificationToken: Secret;
    windowSeconds: number;
    nowMs: number;
  },
) => { kind: string };

const HOUR = 3600_000;

/**
 * The secret-rotation drill (docs/runbooks/rotate-secrets.md) with throwaway secrets, through the real
 * push verification and the real app-secret selection:
 * - encrypt key: before the rotation the old key opens pushes; during the overlap both do (the old one as
 *   `previous`); from the deadline on only the new one, the old is refused;
 * - app secret: during the overlap Larkgate runs with whichever secret Lark accepts (the old one before
 *   Lark switches, the new one after); after the deadline the old one is never tried, so a Lark still on
 *   it is refused.
 * `startLark(secret)` starts a Lark that accepts only that app secret (the embedded emulator); `sealPush` seals
 * a push as Lark does and `receivePush` is the real verification, both passed in by the composition root.
 */
export async function drillSecretRotation(deps: {
  now: number;
  sealPush: PushSealer;
  receivePush: PushReceiver;
  startLark: (appSecret: string) => Promise<LarkWithSecret>;
  selectAppSecret: (input: {
    current: Secret;
    previous: Secret | null;
    validUntilMs: number;
    now: number;
    accepts: (secret: Secret) => Promise<boolean>;
    file: string;
  }) => Promise<{ which: 'current' | 'previous' }>;
}): Promise<RotationDrillResult> {
  const { now } = deps;
  const validUntilMs = now + 24 * HOUR;
  const steps: RotationStep[] = [];
  const fresh = (name: string) =>
    new Secret(`drill-${name}-${randomBytes(12).toString('hex')}`, `secret://drill/${name}`);
  const record = (step: Omit<RotationStep, 'ok'>) =>
    steps.push({ ...step, ok: step.expected === step.observed });

  // 1. The encrypt key.
  const oldKey = fresh('old-encrypt-key');
  const newKey = fresh('new-encrypt-key');
  const token = fresh('verification-token');
  const push = (sealedWith: Secret, current: Secret, previous: Secret | null, at: number) => {
    const sealed = deps.sealPush(
      {
        schema: '2.0',
        header: {
          event_id: `ev_drill_${randomBytes(6).toString('hex')}`,
          event_type: 'im.chat.updated_v1',
          token: token.reveal(),
          create_time: String(at),
        },
        event: {},
      },
      sealedWith.reveal(),
      at,
    );
    const headers = Object.fromEntries(Object.entries(sealed.headers).map(([k, v]) => [k.toLowerCase(), v]));
    const received = deps.receivePush(headers, Buffer.from(sealed.body), {
      encryptKey: current,
      previousEncryptKey: previous ? { key: previous, validUntilMs } : null,
      verificationToken: token,
      windowSeconds: 300,
      nowMs: at,
    });
    return received.kind === 'denied' ? 'refused' : 'accepted';
  };
  record({
    secret: 'encrypt_key',
    phase: 'before',
    what: 'old key, before the rotation',
    expected: 'accepted',
    observed: push(oldKey, oldKey, null, now),
  });
  record({
    secret: 'encrypt_key',
    phase: 'overlap',
    what: 'new key during the overlap',
    expected: 'accepted',
    observed: push(newKey, newKey, oldKey, now + HOUR),
  });
  record({
    secret: 'encrypt_key',
    phase: 'overlap',
    what: 'old key during the overlap',
    expected: 'accepted',
    observed: push(oldKey, newKey, oldKey, now + HOUR),
  });
  record({
    secret: 'encrypt_key',
    phase: 'after',
    what: 'new key after the deadline',
    expected: 'accepted',
    observed: push(newKey, newKey, oldKey, validUntilMs),
  });
  record({
    secret: 'encrypt_key',
    phase: 'after',
    what: 'old key at the deadline',
    expected: 'refused',
    observed: push(oldKey, newKey, oldKey, validUntilMs),
  });

  // 2. The app secret, against a Lark that knows one secret at a time.
  const oldSecret = fresh('old-app-secret');
  const newSecret = fresh('new-app-secret');
  const runWith = async (larkKnows: Secret, at: number): Promise<'current' | 'previous' | 'refused'> => {
    const lark = await deps.startLark(larkKnows.reveal());
    try {
      const choice = await deps.selectAppSecret({
        current: newSecret,
        previous: oldSecret,
        validUntilMs,
        now: at,
        accepts: (secret) => lark.accepts(secret),
        file: 'drill',
      });
      return choice.which;
    } catch (error) {
      if (error instanceof ConfigError) return 'refused';
      throw error;
    } finally {
      await lark.close();
    }
  };
  const beforeSwitch = await runWith(oldSecret, now + HOUR);
  record({
    secret: 'app_secret',
    phase: 'overlap',
    what: 'old secret during the overlap (Lark not switched yet)',
    expected: 'accepted',
    observed: beforeSwitch === 'previous' ? 'accepted' : 'refused',
  });
  const afterSwitch = await runWith(newSecret, now + HOUR);
  record({
    secret: 'app_secret',
    phase: 'overlap',
    what: 'new secret during the overlap (Lark switched)',
    expected: 'accepted',
    observed: afterSwitch === 'current' ? 'accepted' : 'refused',
  });
  const afterDeadline = await runWith(oldSecret, validUntilMs);
  record({
    secret: 'app_secret',
    phase: 'after',
    what: 'old secret after the deadline',
    expected: 'refused',
    observed: afterDeadline === 'refused' ? 'refused' : 'accepted',
  });
  const newAfter = await runWith(newSecret, validUntilMs);
  record({
    secret: 'app_secret',
    phase: 'after',
    what: 'new secret after the deadline',
    expected: 'accepted',
    observed: newAfter === 'current' ? 'accepted' : 'refused',
  });
  return { passed: steps.every((step) => step.ok), steps };
}
