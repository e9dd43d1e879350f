import {
  type DecryptMessageResult,
  decrypt,
  decryptKey,
  type Message,
  type PrivateKey,
  type PublicKey,
  readKeys,
  readMessage,
  readPrivateKeys,
} from 'openpgp';
import { BackupError } from '../ports/backup-error.js';
import { countArmoredBlocks } from './count-armored-blocks.js';
import { describeKey } from './describe-key.js';
import { gpgCompatibleConfig } from './gpg-compatible-config.js';

export type DecryptBackupOptions = {
  /** Armored private keys; only those the backup was encrypted to are unlocked and used. */
  privateKeys: string[];
  /** Unlocks passphrase-protected private keys. */
  passphrase?: string;
  /**
   * Armored public keys of Larkgate's signing key. When given, the backup MUST carry a valid signature by one of
   * them; pass it whenever a signing key is configured, so a backup forged with the (public) recipient keys is
   * refused.
   */
  verificationKeys?: string[];
  date?: Date;
};

/**
 * Decrypts a backup written by {@link encryptBackup} (armored bytes or string; binary OpenPGP also works).
 * Refuses, with a {@link BackupError} naming the cause: malformed input, a backup not encrypted to any of the
 * given keys, a locked key without the right passphrase, a failed integrity (MDC) check — any altered byte —
 * and, when `verificationKeys` are given, a missing or bad signature. Never returns partial plaintext.
 *
 * What this guarantees is the plaintext (the MDC covers every byte of it), not the file: a few framing bits in
 * the session-key packet (an MPI bit count, the X25519 point's top bit) can change without changing the
 * plaintext. The content hash covers the file — load backups through the store, which checks it.
 */
export async function decryptBackup(
  ciphertext: Uint8Array | string,
  options: DecryptBackupOptions,
): Promise<Uint8Array> {
  const message = await readBackupMessage(ciphertext);
  const candidates = await readPrivateKeyEntries(options.privateKeys);

  // 1. Pick the keys the backup was encrypted to, so an unrelated locked key does not get in the way.
  const recipientIds = message.getEncryptionKeyIDs();
  const matching = candidates.filter((key) =>
    key.getKeyIDs().some((keyId) => recipientIds.some((recipientId) => recipientId.equals(keyId, true))),
  );
  if (matching.length === 0) {
    throw new BackupError(
      'backup_not_for_these_keys',
      `this backup is encrypted to key ids ${recipientIds.map((id) => id.toHex().toUpperCase()).join(', ') || '(none)'}, ` +
        `but the private keys given are ${candidates.map((key) => describeKey(key)).join(', ') || '(none)'}`,
    );
  }

  // 2. Unlock them.
  const decryptionKeys = await Promise.all(matching.map((key) => unlock(key, options.passphrase)));

  // 3. Verification keys, when a signature is required.
  const verificationKeys = options.verificationKeys
    ? await readVerificationKeys(options.verificationKeys)
    : undefined;

  // 4. Decrypt; OpenPGP.js checks the MDC over the whole (non-streamed) message before returning any data.
  let result: { data: Uint8Array; signatures: DecryptMessageResult['signatures'] };
  try {
    result = await decrypt({
      message,
      decryptionKeys,
      ...(verificationKeys ? { verificationKeys } : {}),
      format: 'binary',
      ...(options.date ? { date: options.date } : {}),
      config: gpgCompatibleConfig,
    });
  } catch (error) {
    throw new BackupError(
      'backup_integrity_failed',
      `this backup failed decryption or its integrity check (OpenPGP.js: ${errorMessage(error)}); it was ` +
        'altered or corrupted — do not restore it, and compare it with other copies',
      { cause: error },
    );
  }

  // 5. With verification keys, one signature by one of them must verify; checked here, after integrity,
  // so the two refusals stay distinct.
  if (verificationKeys) await assertSignedBy(result.signatures, verificationKeys);
  return result.data;
}

async function assertSignedBy(
  signatures: DecryptMessageResult['signatures'],
  verificationKeys: PublicKey[],
): Promise<void> {
  const problems: string[] = [];
  for (const signature of signatures) {
    try {
      await signature.verified;
      return;
    } catch (error) {
      problems.push(`${signature.keyID.toHex().toUpperCase()}: ${errorMessage(error)}`);
    }
  }
  throw new BackupError(
    'backup_signature_invalid',
    `this backup is not validly signed by ${verificationKeys.map((key) => describeKey(key)).join(', ')} ` +
      `(${problems.length === 0 ? 'it carries no signature' : problems.join('; ')}); do not restore it`,
  );
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function readBackupMessage(ciphertext: Uint8Array | string): Promise<Message<Uint8Array | string>> {
  const text = typeof ciphertext === 'string' ? ciphertext : undefined;
  const armored =
    text ??
    (startsWithArmor(ciphertext as Uint8Array)
      ? new TextDecoder().decode(ciphertext as Uint8Array)
      : undefined);
  try {
    return armored !== undefined
      ? await readMessage({ armoredMessage: armored, config: gpgCompatibleConfig })
      : await readMessage({ binaryMessage: ciphertext as Uint8Array, config: gpgCompatibleConfig });
  } catch (error) {
    throw new BackupError(
      'backup_malformed',
      `this is not a readable OpenPGP message (OpenPGP.js: ${errorMessage(error)}); ` +
        'it was truncated, altered or is not a backup',
      { cause: error },
    );
  }
}

function startsWithArmor(bytes: Uint8Array): boolean {
  const head = new TextDecoder().decode(bytes.subarray(0, 64)).trimStart();
  return head.startsWith('-----BEGIN PGP');
}

async function readPrivateKeyEntries(entries: string[]): Promise<PrivateKey[]> {
  const keys: PrivateKey[] = [];
  for (const [index, armored] of entries.entries()) {
    if (countArmoredBlocks(armored) > 1) {
      throw new BackupError(
        'decryption_key_invalid',
        `private key #${index + 1} holds several armored blocks; give one per entry`,
      );
    }
    try {
      keys.push(...(await readPrivateKeys({ armoredKeys: armored, config: gpgCompatibleConfig })));
    } catch (error) {
      throw new BackupError(
        'decryption_key_invalid',
        `private key #${index + 1} is not a readable OpenPGP private key ` +
          `(OpenPGP.js: ${errorMessage(error)})`,
        { cause: error },
      );
    }
  }
  return keys;
}

async function readVerificationKeys(entries: string[]): Promise<PublicKey[]> {
  const keys: PublicKey[] = [];
  for (const [index, armored] of entries.entries()) {
    try {
      const read = await readKeys({ armoredKeys: armored, config: gpgCompatibleConfig });
      keys.push(...read.map((key) => key.toPublic()));
    } catch (error) {
      throw new BackupError(
        'decryption_key_invalid',
        `verification key #${index + 1} is not a readable OpenPGP public key ` +
          `(OpenPGP.js: ${errorMessage(error)})`,
        { cause: error },
      );
    }
  }
  if (keys.length === 0) {
    throw new BackupError(
      'decryption_key_invalid',
      'verificationKeys is empty; omit it or give the signing key',
    );
  }
  return keys;
}

async function unlock(key: PrivateKey, passphrase: string | undefined): Promise<PrivateKey> {
  if (key.isDecrypted()) return key;
  if (passphrase === undefined) {
    throw new BackupError(
      'decryption_key_locked',
      `private key ${describeKey(key)} is passphrase-protected; give its passphrase`,
    );
  }
  try {
    return await decryptKey({ privateKey: key, passphrase, config: gpgCompatibleConfig });
  } catch (error) {
    throw new BackupError(
      'decryption_key_locked',
      `private key ${describeKey(key)} did not unlock: wrong passphrase?`,
      {
        cause: error,
      },
    );
  }
}
