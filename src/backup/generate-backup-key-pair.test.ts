import { readKey } from 'openpgp';
import { describe, expect, it } from 'vitest';
import { useGpgHome } from '../../test/helpers/gpg.js';
import { fingerprintKey } from './fingerprint-key.js';
import { generateBackupKeyPair } from './generate-backup-key-pair.js';
import { parseRecipientKeys } from './parse-recipient-keys.js';

const gpg = await useGpgHome();

describe('generateBackupKeyPair', () => {
  it('makes a v4 Ed25519/Cv25519 (legacy ids) key that parseRecipientKeys accepts', async () => {
    const pair = await generateBackupKeyPair({ name: 'Demo restore', email: 'restore@example.test' });
    const key = await readKey({ armoredKey: pair.publicKey });
    expect(key.keyPacket.version).toBe(4);
    expect(key.getAlgorithmInfo()).toEqual({ algorithm: 'eddsaLegacy', curve: 'ed25519Legacy' });
    const [recipient] = await parseRecipientKeys([pair.publicKey]);
    expect(recipient?.encryptionAlgorithm).toBe('ecdh/curve25519Legacy');
    expect(pair.fingerprint).toBe(await fingerprintKey(pair.publicKey));
    expect(pair.fingerprint).toBe(await fingerprintKey(pair.privateKey));
  });

  it('its private key, with or without a passphrase, imports into gpg 2.2 under the same fingerprint', async () => {
    for (const passphrase of [undefined, 'demo passphrase']) {
      const pair = await generateBackupKeyPair({
        name: 'Demo restore',
        email: 'restore@example.test',
        ...(passphrase ? { passphrase } : {}),
      });
      await gpg.importKey(pair.privateKey);
      const listed = await gpg.run(['--with-colons', '--list-secret-keys', pair.fingerprint]);
      expect(listed.code).toBe(0);
      expect(listed.stdout.toString()).toContain(`fpr:::::::::${pair.fingerprint}:`);
    }
  });
});
