import { createPrivateKey, createPublicKey, type KeyObject, sign, verify } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { type AuditHashKey, buildAuditHashKey } from '../domain/audit-event.js';
import { ConfigError } from './config-error.js';
import { type LoadedConfig, resolveFrom } from './load-config.js';
import type { Secret } from './secret.js';

export type AuditKeys = {
  /** `audit.hash_key`: keys every event hash. */
  hashKey: AuditHashKey;
  /** `audit.checkpoint_public_key`: checks checkpoint signatures. */
  publicKey: KeyObject;
};

/**
 * The audit keys from the config, checked before anything is written or verified with them: a hash key
 * of at least 16 bytes, an Ed25519 public key, and (for a writer) a private key whose signatures that
 * public key accepts, so checkpoints written today verify tomorrow. Problems are ConfigErrors naming the key.
 */
export async function loadAuditKeys(
  loaded: LoadedConfig,
  secrets: { auditHashKey: Secret; checkpointKey?: Secret },
): Promise<AuditKeys & { signingKey?: KeyObject }> {
  const fail = (key: string, problem: string) =>
    new ConfigError(loaded.path, key, problem, 'config.invalid_value');
  let hashKey: AuditHashKey;
  try {
    hashKey = buildAuditHashKey(secrets.auditHashKey.reveal());
  } catch {
    throw fail('audit.hash_key', 'the audit hash key must be at least 16 bytes (e.g. openssl rand -hex 32)');
  }
  const publicPath = resolveFrom(loaded.dir, loaded.config.audit.checkpoint_public_key);
  let publicKey: KeyObject;
  try {
    publicKey = createPublicKey(await readFile(publicPath, 'utf8'));
  } catch (error) {
    throw fail(
      'audit.checkpoint_public_key',
      `cannot read a public key from ${publicPath}: ${(error as Error).message}`,
    );
  }
  if (publicKey.asymmetricKeyType !== 'ed25519') {
    throw fail('audit.checkpoint_public_key', `${publicPath} is not an Ed25519 public key`);
  }
  if (!secrets.checkpointKey) return { hashKey, publicKey };
  let signingKey: KeyObject;
  try {
    signingKey = createPrivateKey(secrets.checkpointKey.reveal());
  } catch {
    throw fail('audit.checkpoint_key', 'not a PEM private key');
  }
  if (signingKey.asymmetricKeyType !== 'ed25519') {
    throw fail('audit.checkpoint_key', 'checkpoints are signed with an Ed25519 key');
  }
  const probe = Buffer.from('larkgate audit key pair check', 'utf8');
  if (!verify(null, probe, publicKey, sign(null, probe, signingKey))) {
    throw fail(
      'audit.checkpoint_public_key',
      `${publicPath} is not the public half of audit.checkpoint_key: checkpoints would not verify`,
    );
  }
  return { hashKey, publicKey, signingKey };
}
