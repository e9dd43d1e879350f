import { type PublicKey, readKeys } from 'openpgp';
import { BackupError } from '../ports/backup-error.js';
import { countArmoredBlocks } from './count-armored-blocks.js';
import { describeKey } from './describe-key.js';
import { evaluateGpgCompatibility } from './evaluate-gpg-compatibility.js';
import { gpgCompatibleConfig } from './gpg-compatible-config.js';

/** A backup recipient that plain gpg 2.2 can decrypt for; built only by {@link parseRecipientKeys}. */
export type RecipientKey = {
  /** Upper-case hex, as `gpg --fingerprint` prints it. */
  fingerprint: string;
  userIds: string[];
  /** Fingerprint of the (sub)key backups are encrypted to. */
  encryptionKeyFingerprint: string;
  /** e.g. `ecdh/curve25519Legacy`, `rsaEncryptSign-3072`. */
  encryptionAlgorithm: string;
  /** When the key stops being usable; `null` if it never expires. Worth a warning when it is near. */
  expiresAt: Date | null;
  publicKey: PublicKey;
};

/**
 * Reads the configured recipients' armored public keys (one key per entry) and refuses, in one error that
 * lists every problem, any key gpg 2.2 could not decrypt for: private keys, v6 keys, RFC 9580 X25519/Ed25519
 * algorithm ids, keys advertising SEIPDv2, keys with no valid encryption subkey, expired or revoked keys,
 * RSA below 2048 bits, and duplicates. Runs at config load, so a bad key stops the process.
 */
export async function parseRecipientKeys(
  armoredKeys: string[],
  options: { date?: Date } = {},
): Promise<RecipientKey[]> {
  const date = options.date ?? new Date();
  if (armoredKeys.length === 0) {
    throw new BackupError(
      'recipient_key_refused',
      'no backup recipients are configured: add at least one armored public key (`gpg --armor --export <fpr>`)',
    );
  }
  const problems: string[] = [];
  const recipients: RecipientKey[] = [];
  const seen = new Map<string, number>();

  for (const [index, armored] of armoredKeys.entries()) {
    const label = `backup recipient #${index + 1}`;
    const blocks = countArmoredBlocks(armored);
    if (blocks > 1) {
      problems.push(`${label} holds ${blocks} armored blocks; give exactly one public key per entry`);
      continue;
    }
    let keys: Awaited<ReturnType<typeof readKeys>>;
    try {
      keys = await readKeys({ armoredKeys: armored, config: gpgCompatibleConfig });
    } catch (error) {
      problems.push(
        `${label} is not a readable OpenPGP key (${error instanceof Error ? error.message : String(error)}); ` +
          'paste the output of `gpg --armor --export <fingerprint>`',
      );
      continue;
    }
    const [key] = keys;
    if (key === undefined || keys.length !== 1) {
      problems.push(
        `${label} holds ${keys.length} keys (${keys.map((k) => describeKey(k)).join(', ')}); give exactly one public key per entry`,
      );
      continue;
    }
    const name = `${label} (${describeKey(key)})`;
    if (key.isPrivate()) {
      problems.push(
        `${name} is a PRIVATE key; configure only its public part (\`gpg --armor --export <fingerprint>\`), ` +
          'and treat this private key as exposed if the config was shared',
      );
      continue;
    }
    const fingerprint = key.getFingerprint().toUpperCase();
    const firstIndex = seen.get(fingerprint);
    if (firstIndex !== undefined) {
      problems.push(`${name} is the same key as backup recipient #${firstIndex + 1}; list each key once`);
      continue;
    }
    seen.set(fingerprint, index);

    const decision = await evaluateGpgCompatibility(key, 'encrypt', date);
    if (decision.kind === 'incompatible') {
      problems.push(`${name} is refused: ${decision.reason}`);
      continue;
    }
    recipients.push({
      fingerprint,
      userIds: key.getUserIDs(),
      encryptionKeyFingerprint: decision.usedKey.getFingerprint().toUpperCase(),
      encryptionAlgorithm: decision.algorithm,
      expiresAt: decision.expiresAt,
      publicKey: key.toPublic(),
    });
  }

  if (problems.length > 0) {
    throw new BackupError('recipient_key_refused', problems.join('\n'));
  }
  return recipients;
}
