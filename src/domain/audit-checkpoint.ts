import { createPrivateKey, createPublicKey, type KeyObject, sign, verify } from 'node:crypto';
import { z } from 'zod';
import { AuditChainId, AuditHash } from './audit-event.js';
import { canonicalJson } from './canonical-json.js';

/**
 * Another chain's newest checkpoint as the signer knew it (from the checkpoint anchor): that chain must
 * hold the `audit.checkpoint` event for (`seq`, `hash`) in each of `sinks`.
 */
export const AuditCheckpointHead = z.strictObject({
  chain: AuditChainId,
  seq: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  hash: AuditHash,
  sinks: z.array(z.string().min(1)).max(8),
});
export type AuditCheckpointHead = z.infer<typeof AuditCheckpointHead>;

/** At most this many other chains' heads in one checkpoint, so a checkpoint stays one chat line. */
export const MAX_CHECKPOINT_HEADS = 100;

/**
 * A signed statement "chain `chain` had reached `seq` with hash `hash` at `ts`, and these other chains
 * had reached their `heads`". It is stored as the `audit.checkpoint` event right after `seq`, posted
 * outside the log's trust domain (the audit chat) and kept in the checkpoint anchor (Redis), so whoever
 * controls the log cannot cut its tail, drop a chain or rewrite history before it without that showing.
 */
export const AuditCheckpoint = z.strictObject({
  chain: AuditChainId,
  seq: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  hash: AuditHash,
  ts: z.iso.datetime(),
  heads: z.array(AuditCheckpointHead).max(MAX_CHECKPOINT_HEADS),
  /** Ed25519 over `SIGNING_CONTEXT ‖ canonicalJson({chain, hash, heads, seq, ts})`, base64. */
  signature: z.string().regex(/^[A-Za-z0-9+/]{86}==$/, 'an Ed25519 signature is 64 bytes in base64'),
});
export type AuditCheckpoint = z.infer<typeof AuditCheckpoint>;
export type UnsignedAuditCheckpoint = Omit<AuditCheckpoint, 'signature'>;

/** Keeps a checkpoint signature from being valid for any other message signed with the same key. */
const SIGNING_CONTEXT = Buffer.from('larkgate audit checkpoint v2\0', 'utf8');

export type CheckpointVerdict = { ok: true; checkpoint: AuditCheckpoint } | { ok: false; reason: string };

export function signAuditCheckpoint(
  checkpoint: UnsignedAuditCheckpoint,
  privateKey: KeyObject | string,
): AuditCheckpoint {
  const key = typeof privateKey === 'string' ? createPrivateKey(privateKey) : privateKey;
  assertEd25519(key, 'private');
  const unsigned = {
    chain: checkpoint.chain,
    seq: checkpoint.seq,
    hash: checkpoint.hash,
    ts: checkpoint.ts,
    heads: checkpoint.heads.map((head) => ({
      chain: head.chain,
      seq: head.seq,
      hash: head.hash,
      sinks: [...head.sinks],
    })),
  };
  const signature = sign(null, signedBytes(unsigned), key).toString('base64');
  return { ...unsigned, signature };
}

/**
 * Whether `checkpoint` is well formed and signed by `publicKey`. A wrong kind of key is a configuration
 * mistake, not a bad checkpoint, so it throws.
 */
export function verifyCheckpoint(checkpoint: unknown, publicKey: KeyObject | string): CheckpointVerdict {
  const key = typeof publicKey === 'string' ? createPublicKey(publicKey) : publicKey;
  assertEd25519(key, 'public');
  const parsed = AuditCheckpoint.safeParse(checkpoint);
  if (!parsed.success) {
    return { ok: false, reason: `malformed checkpoint: ${parsed.error.issues[0]?.message ?? 'invalid'}` };
  }
  const { signature, ...unsigned } = parsed.data;
  const valid = verify(null, signedBytes(unsigned), key, Buffer.from(signature, 'base64'));
  return valid ? { ok: true, checkpoint: parsed.data } : { ok: false, reason: 'signature does not verify' };
}

function signedBytes(checkpoint: UnsignedAuditCheckpoint): Buffer {
  return Buffer.concat([SIGNING_CONTEXT, Buffer.from(canonicalJson(checkpoint), 'utf8')]);
}

function assertEd25519(key: KeyObject, kind: 'private' | 'public'): void {
  // Verifying with a private key is fine (Node derives the public half); signing needs the private one.
  const usable = kind === 'private' ? key.type === 'private' : key.type !== 'secret';
  if (!usable || key.asymmetricKeyType !== 'ed25519') {
    throw new TypeError(
      `audit checkpoints need an Ed25519 ${kind} key, got ${key.asymmetricKeyType ?? key.type}`,
    );
  }
}
