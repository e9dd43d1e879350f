import { createMessage, encrypt, enums, type Message } from 'openpgp';
import { BackupError } from '../ports/backup-error.js';
import { gpgCompatibleConfig } from './gpg-compatible-config.js';
import type { RecipientKey } from './parse-recipient-keys.js';
import type { SigningKey } from './parse-signing-key.js';

/**
 * Encrypts backup bytes to every recipient as one ASCII-armored OpenPGP message (returned as its UTF-8
 * bytes, which is exactly what the store hashes and writes): one PKESK v3 per recipient and a SEIPD v1
 * (MDC) packet, which `gpg --decrypt` 2.2 reads. With `signingKey` the message is also signed inside the
 * encryption, and {@link decryptBackup} should be given its public key to require that signature.
 *
 * The packets are checked before returning, so a future OpenPGP.js default that gpg 2.2 cannot read fails
 * here instead of at restore time.
 */
export async function encryptBackup(
  plaintext: Uint8Array,
  recipients: RecipientKey[],
  options: { signingKey?: SigningKey; date?: Date } = {},
): Promise<Uint8Array> {
  if (recipients.length === 0) {
    throw new BackupError('encrypt_failed', 'a backup needs at least one recipient');
  }
  const date = options.date ?? new Date();
  let message: Message<Uint8Array>;
  try {
    message = await encrypt({
      message: await createMessage({ binary: plaintext, date, format: 'binary' }),
      encryptionKeys: recipients.map((recipient) => recipient.publicKey),
      ...(options.signingKey ? { signingKeys: options.signingKey.privateKey } : {}),
      date,
      format: 'object',
      config: gpgCompatibleConfig,
    });
  } catch (error) {
    throw new BackupError(
      'encrypt_failed',
      `could not encrypt the backup to ${recipients.map((recipient) => recipient.fingerprint).join(', ')} ` +
        `(OpenPGP.js: ${error instanceof Error ? error.message : String(error)}); a recipient key may have ` +
        'expired or been revoked since the config was loaded',
      { cause: error },
    );
  }

  const tags = message.packets.map((packet) => (packet.constructor as unknown as { tag: number }).tag);
  const versions = message.packets.map((packet) => (packet as unknown as { version?: number }).version);
  const pkesk = tags.filter((tag) => tag === enums.packet.publicKeyEncryptedSessionKey).length;
  const expected =
    pkesk === recipients.length &&
    tags.length === pkesk + 1 &&
    tags[pkesk] === enums.packet.symEncryptedIntegrityProtectedData &&
    versions.slice(0, pkesk).every((version) => version === 3) &&
    versions[pkesk] === 1;
  if (!expected) {
    throw new BackupError(
      'encrypt_failed',
      `OpenPGP.js wrote packets gpg 2.2 may not read (tags ${tags.join(',')}, versions ${versions.join(',')}); ` +
        'expected one PKESK v3 per recipient and one SEIPD v1',
    );
  }
  return new TextEncoder().encode(message.armor(gpgCompatibleConfig));
}
