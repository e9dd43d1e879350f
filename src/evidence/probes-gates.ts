import { createPolicySource } from '../config/create-policy-source.js';
import { Secret } from '../config/secret.js';
import type { AuditEvent } from '../domain/audit-event.js';
import { evaluatePromotion } from '../domain/evaluate-promotion.js';
import { indexEvidence } from '../domain/index-evidence.js';
import { findBase } from '../domain/policy.js';
import type { Probe, ProbeContext, ProbeOutcome } from './probe.js';
import { brokenPolicySource, lower, messageEvent } from './probe-steps.js';
import { loads } from './probes-config.js';

const MINUTE = 60_000;

/**
 * Posts to the bot's real events route; a 401 is a refusal, named by the `auth.denied` event it audited
 * (the answer itself does not say why), and a 2xx means the push was let in.
 */
async function push(c: ProbeContext, body: string, headers: Record<string, string>): Promise<ProbeOutcome> {
  const answer = await c.rig.post('events', body, { 'content-type': 'application/json', ...headers });
  if (answer.status === 401) {
    const denied = answer.audited.find((event) => event.type === 'auth.denied');
    const reason = String(denied?.details.reason ?? 'unknown');
    return { allowed: false, leaked: [], refusals: [{ code: `auth.${reason}`, message: `401 ${reason}` }] };
  }
  if (answer.status === 503) {
    return {
      allowed: false,
      leaked: [],
      refusals: [{ code: 'policy.unavailable', message: '503: no policy in force' }],
    };
  }
  return {
    allowed: answer.status < 300,
    leaked: answer.status < 300 ? [`the push was accepted (${answer.status})`] : [],
    refusals: [],
  };
}

/** Seals any payload with the right key and a fresh signature, so only what is inside can be wrong. */
function sealed(c: ProbeContext, payload: unknown, at = c.rig.clock(), key = c.rig.push.encryptKey.reveal()) {
  const seal = c.rig.push.seal(payload, key, at);
  return { body: seal.body, headers: lower(seal.headers) };
}

function authProbe(
  id: string,
  title: string,
  reason: string,
  build: (c: ProbeContext) => { body: string; headers: Record<string, string> },
): Probe {
  return {
    id: `P8.push-${id}`,
    seedClass: 'P8',
    title,
    expect: [`auth.${reason}`],
    run: async (c) => {
      const request = build(c);
      return push(c, request.body, request.headers);
    },
  };
}

function replaceOnce(text: string, from: string | RegExp, to: string): string {
  const next = text.replace(from, to);
  if (next === text) throw new Error(`the probe config has no ${String(from)}`);
  return next;
}

/**
 * Inputs outside their gate (P7: unlisted endpoints, a policy not in force or not the pinned one, a
 * promotion without its evidence) and secrets and authenticity (P8: literal secrets in config, every way
 * a push can be forged, stale, undecryptable or mislabelled).
 */
export const GATE_PROBES: readonly Probe[] = [
  authProbe('not-json', 'a push whose body is not JSON', 'body_not_json', () => ({
    body: 'not json',
    headers: {},
  })),
  authProbe('plaintext', 'a plaintext (unencrypted) push', 'not_encrypted', (c) => ({
    body: JSON.stringify(messageEvent(c)),
    headers: {},
  })),
  authProbe('unsigned', 'an encrypted push with no signature headers', 'missing_headers', (c) => ({
    body: sealed(c, messageEvent(c)).body,
    headers: {},
  })),
  authProbe('stale', 'a push signed ten minutes ago (a replay)', 'stale', (c) =>
    sealed(c, messageEvent(c), c.rig.clock() - 10 * MINUTE),
  ),
  authProbe('future', 'a push signed ten minutes in the future', 'future', (c) =>
    sealed(c, messageEvent(c), c.rig.clock() + 10 * MINUTE),
  ),
  authProbe('forged', 'a push signed with a key that is not ours (forged)', 'bad_signature', (c) =>
    sealed(c, messageEvent(c), c.rig.clock(), 'an-attacker-key'),
  ),
  authProbe('tampered', 'a correctly signed push altered in transit', 'bad_signature', (c) => {
    const seal = sealed(c, messageEvent(c));
    return { body: seal.body.replace('"}', 'A"}'), headers: seal.headers };
  }),
  authProbe('undecryptable', 'a signed push whose payload does not decrypt', 'cannot_decrypt', (c) => {
    const body = JSON.stringify({ encrypt: Buffer.from('not a ciphertext at all!').toString('base64') });
    const timestamp = String(Math.floor(c.rig.clock() / 1000));
    const nonce = 'probe-nonce';
    return {
      body,
      headers: {
        'x-lark-request-timestamp': timestamp,
        'x-lark-request-nonce': nonce,
        'x-lark-signature': c.rig.push.sign(timestamp, nonce, c.rig.push.encryptKey.reveal(), body),
      },
    };
  }),
  authProbe('not-an-object', 'a push whose decrypted payload is not an object', 'not_an_object', (c) =>
    sealed(c, ['approve', 'everything']),
  ),
  authProbe('double-encrypted', 'a push whose decrypted payload is still encrypted', 'still_encrypted', (c) =>
    sealed(c, {
      encrypt: c.rig.push.encrypt(JSON.stringify(messageEvent(c)), c.rig.push.encryptKey.reveal()),
    }),
  ),
  authProbe('old-schema', 'a push in an unsupported schema', 'unsupported_schema', (c) =>
    sealed(c, { ...messageEvent(c), schema: '1.0' }),
  ),
  authProbe('bad-envelope', 'a push whose envelope lacks its header', 'bad_envelope', (c) =>
    sealed(c, { schema: '2.0', event: {} }),
  ),
  authProbe('wrong-token', 'a push carrying the wrong verification token', 'bad_token', (c) =>
    sealed(c, messageEvent(c, { token: 'not-our-token' })),
  ),
  {
    id: 'P8.push-no-encrypt-key',
    seedClass: 'P8',
    title: 'a deployment without an encrypt key accepts no signed push',
    expect: ['auth.no_encrypt_key'],
    run: async (c) => {
      const seal = sealed(c, messageEvent(c), c.rig.clock(), '');
      const received = c.rig.push.verify(seal.headers, Buffer.from(seal.body), {
        encryptKey: new Secret('', 'secret://env/EMPTY'),
        verificationToken: c.rig.push.verificationToken,
        windowSeconds: 300,
        nowMs: c.rig.clock(),
      });
      return received.kind === 'denied'
        ? {
            allowed: false,
            leaked: [],
            refusals: [{ code: `auth.${received.reason}`, message: received.reason }],
          }
        : { allowed: true, leaked: ['the push was accepted'], refusals: [] };
    },
  },
  {
    id: 'P8.push-retired-key',
    seedClass: 'P8',
    title: 'a push sealed with a rotated-out encrypt key after its overlap ended',
    expect: ['auth.bad_signature'],
    run: async (c) => {
      const now = c.rig.clock();
      const seal = sealed(c, messageEvent(c), now, 'the-retired-key');
      const received = c.rig.push.verify(seal.headers, Buffer.from(seal.body), {
        encryptKey: c.rig.push.encryptKey,
        previousEncryptKey: { key: new Secret('the-retired-key', 'secret://env/OLD'), validUntilMs: now - 1 },
        verificationToken: c.rig.push.verificationToken,
        windowSeconds: 300,
        nowMs: now,
      });
      return received.kind === 'denied'
        ? {
            allowed: false,
            leaked: [],
            refusals: [{ code: `auth.${received.reason}`, message: received.reason }],
          }
        : { allowed: true, leaked: ['the retired key still opened a push'], refusals: [] };
    },
  },
  {
    id: 'P8.literal-app-secret',
    seedClass: 'P8',
    title: 'a literal app secret in larkgate.yaml',
    expect: ['config.literal_secret'],
    run: (c) => loads(c, replaceOnce(c.rig.configText, /app_secret: \S+/, 'app_secret: hunter2-literal')),
  },
  {
    id: 'P8.redis-password-in-config',
    seedClass: 'P8',
    title: 'a Redis password written into larkgate.yaml',
    expect: ['config.literal_secret'],
    run: (c) => loads(c, replaceOnce(c.rig.configText, /url: redis:\/\/(\S+)/, 'url: redis://:hunter2@$1')),
  },
  {
    id: 'P7.unparsable-policy',
    seedClass: 'P7',
    title: 'a policy file that is not valid YAML',
    expect: ['config.unparsable'],
    run: (c) => loads(c, `${c.rig.configText}\nbases: [unclosed\n`),
  },
  {
    id: 'P7.unknown-policy-key',
    seedClass: 'P7',
    title: 'a policy with a key Larkgate does not know (a typo that would be ignored elsewhere)',
    expect: ['config.unknown_key'],
    run: (c) => loads(c, `${c.rig.configText}\napprovalz:\n  ttl: 1d\n`),
  },
  {
    id: 'P4.base-looser-than-tier',
    seedClass: 'P4',
    title: 'an L3 base configured with fewer approvals than its tier requires',
    expect: ['config.tier_violation'],
    run: (c) => loads(c, replaceOnce(c.rig.configText, /approvals_needed: 2/, 'approvals_needed: 1')),
  },
  {
    id: 'P7.policy-unloadable',
    seedClass: 'P7',
    title: 'a push while the policy cannot be loaded (after a bad reload)',
    expect: ['policy.unavailable'],
    run: async (c) => {
      const source = await brokenPolicySource(c);
      const restore = c.rig.usePolicySource(source);
      try {
        const seal = sealed(c, messageEvent(c));
        return await push(c, seal.body, seal.headers);
      } finally {
        restore();
      }
    },
  },
  {
    id: 'P7.policy-pin-mismatch',
    seedClass: 'P7',
    title: 'a policy whose hash does not match the pinned one',
    expect: ['policy.pin_mismatch'],
    run: async (c) => {
      const source = createPolicySource({
        initial: c.rig.loaded,
        load: async () => c.rig.loaded,
        pin: 'f'.repeat(64),
      });
      const policy = source.current();
      return {
        allowed: policy !== null,
        leaked: [],
        refusals: policy ? [] : [{ code: 'policy.pin_mismatch', message: source.problem() ?? '' }],
      };
    },
  },
  {
    id: 'P7.unlisted-endpoint',
    seedClass: 'P7',
    title: 'a Lark call to an endpoint not in allowed_endpoints.yaml (create a chat)',
    expect: ['egress.denied'],
    run: async (c) => {
      const call = await c.rig.callLark('POST', '/open-apis/im/v1/chats');
      return {
        allowed: !call.denied,
        leaked: call.reached ? ['the call reached Lark'] : [],
        refusals: call.denied ? [{ code: 'egress.denied', message: call.message }] : [],
      };
    },
  },
  {
    id: 'P5.promote-without-rollback-proof',
    seedClass: 'P5',
    title: 'promoting a base to live whose governed write was never rolled back',
    expect: ['promotion.refused'],
    run: async (c) => {
      const base = findBase(c.rig.policy, 'pilot');
      if (!base) throw new Error('the probe organisation has no pilot base');
      const now = c.rig.clock();
      // Every other piece of evidence for live is there: only the rollback proof is missing.
      const evidence = indexEvidence(
        buildProbeHistory(now, [
          ['tour.completed', null, { green: true, bases: { pilot: { green: true, reasons: [] } } }],
          ['drill.passed', null, { drill: 'rollback', base: 'sandbox' }],
          [
            'request.created',
            'req_probe',
            { base: 'pilot', table: 'Tasks', op: 'update', origin: 'chat', state: 'pending' },
          ],
          ['request.card_sent', 'req_probe', { base: 'pilot', card_message_id: 'om_probe' }],
          [
            'probes.completed',
            null,
            {
              verdict: 'ALL_FAIL_CLOSED',
              harness_ok: true,
              covered: ['egress.denied', 'auth.bad_signature'],
            },
          ],
          ['approval.created', 'req_probe', {}],
          ['backup.created', 'req_probe', {}],
          ['op.verified', 'req_probe', {}],
        ]),
      );
      const verdict = evaluatePromotion({ base, to: 'live', evidence, now });
      return verdict.kind === 'allowed'
        ? { allowed: true, leaked: ['the promotion was allowed'], refusals: [] }
        : {
            allowed: false,
            leaked: [],
            refusals:
              verdict.missing.length === 1 && verdict.missing.some((line) => line.includes('rollback'))
                ? [{ code: 'promotion.refused', message: verdict.missing.join('; ') }]
                : [{ code: 'promotion.refused_otherwise', message: verdict.missing.join('; ') }],
          };
    },
  },
];

/** A minimal audit history for pure evidence probes (not hash-chained: indexEvidence does not check). */
function buildProbeHistory(
  now: number,
  events: ReadonlyArray<[string, string | null, Record<string, unknown>]>,
): AuditEvent[] {
  return events.map(([type, requestId, details], index) => ({
    v: 2,
    kid: '0'.repeat(16),
    chain: 'probe-history',
    seq: index + 1,
    ts: new Date(now - (events.length - index) * 1000).toISOString(),
    type,
    actor: 'probe',
    request_id: requestId,
    details: details as AuditEvent['details'],
    prev: '0'.repeat(64),
    hash: '0'.repeat(64),
  }));
}
