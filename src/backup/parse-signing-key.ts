import { decryptKey, type PrivateKey, readPrivateKeys } from 'openpgp';
import { BackupError } from '../ports/backup-error.js';
import { countArmoredBlocks } from './count-armored-blocks.js';
import { describeKey } from './describe-key.js';
import { evaluateGpgCompatibility } from './evaluate-gpg-compatibility.js';
import { gpgCompatibleConfig } from './gpg-compatible-config.js';

/** Larkgate's own signing key, unlocked and checked; built only by {@link parseSigningKey}. */
export type SigningKey = {
  /** Upper-case hex of the primary key: what operators pin (`VALIDSIG … <fingerprint>` in gpg). */
  fingerprint: string;
  privateKey: PrivateKey;
  /** The armored public key, for the runbook's verification step and for {@link decryptBackup}. */
  publicKeyArmored: string;
};

/**
 * Reads Larkgate's armored private signing key (unlocking it with `passphrase` when it is protected) and
 * refuses keys gpg 2.2 could not verify (same rules as recipients, for signing). Runs at config load.
 */
export async function parseSigningKey(
  armoredPrivateKey: string,
  options: { passphrase?: string; date?: Date } = {},
): Promise<SigningKey> {
  const blocks = countArmoredBlocks(armoredPrivateKey);
  if (blocks > 1) {
    throw new BackupError(
      'signing_key_refused',
      `the backup signing key entry holds ${blocks} armored blocks; give one`,
    );
  }
  let keys: PrivateKey[];
  try {
    keys = await readPrivateKeys({ armoredKeys: armoredPrivateKey, config: gpgCompatibleConfig });
  } catch (error) {
    throw new BackupError(
      'signing_key_refused',
      `the backup signing key is not a readable OpenPGP private key (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  const [key] = keys;
  if (key === undefined || keys.length !== 1) {
    throw new BackupError(
      'signing_key_refused',
      `the backup signing key entry holds ${keys.length} keys; give exactly one`,
    );
  }
  const name = `backup signing key ${describeKey(key)}`;
  const decision = await evaluateGpgCompatibility(key, 'sign', options.date ?? new Date());
  if (decision.kind === 'incompatible') {
    throw new BackupError('signing_key_refused', `${name} is refused: ${decision.reason}`);
  }
  let unlocked = key;
  if (!key.isDecrypted()) {
    if (options.passphrase === undefined) {
      throw new BackupError(
        'signing_key_refused',
        `${name} is passphrase-protected and no passphrase was given`,
      );
    }
    try {
      unlocked = await decryptKey({
        privateKey: key,
        passphrase: options.passphrase,
        config: gpgCompatibleConfig,
      });
    } catch (error) {
      throw new BackupError('signing_key_refused', `${name} could not be unlocked: wrong passphrase?`, {
        cause: error,
      });
    }
  }
  return {
    fingerprint: key.getFingerprint().toUpperCase(),
    privateKey: unlocked,
    publicKeyArmored: key.toPublic().armor(gpgCompatibleConfig),
  };
}
