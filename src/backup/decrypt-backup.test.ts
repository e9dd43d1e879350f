import { generateKey } from 'openpgp';
import { beforeAll, describe, expect, it } from 'vitest';
import { BackupError } from '../ports/backup-error.js';
import { decryptBackup } from './decrypt-backup.js';
import { encryptBackup } from './encrypt-backup.js';
import { generateBackupKeyPair } from './generate-backup-key-pair.js';
import { parseRecipientKeys } from './parse-recipient-keys.js';
import { parseSigningKey } from './parse-signing-key.js';

const plaintext = new TextEncoder().encode(
  '{"records":[{"record_id":"rec1","fields":{"Title":"Ship v1 ✓"}}]}',
);

async function refusal(promise: Promise<unknown>): Promise<BackupError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof BackupError)) throw new Error(`expected a BackupError, got ${String(error)}`);
  return error;
}

let alice: Awaited<ReturnType<typeof generateBackupKeyPair>>;
let locked: Awaited<ReturnType<typeof generateBackupKeyPair>>;
let stranger: Awaited<ReturnType<typeof generateBackupKeyPair>>;
let ciphertext: Uint8Array;

beforeAll(async () => {
  [alice, locked, stranger] = await Promise.all([
    generateBackupKeyPair({ name: 'Alice', email: 'alice@example.test' }),
    generateBackupKeyPair({ name: 'Locked', email: 'locked@example.test', passphrase: 'correct horse' }),
    generateBackupKeyPair({ name: 'Stranger', email: 'stranger@example.test' }),
  ]);
  ciphertext = await encryptBackup(plaintext, await parseRecipientKeys([alice.publicKey, locked.publicKey]));
});

describe('decryptBackup', () => {
  it('accepts the armored bytes and the armored string', async () => {
    expect(await decryptBackup(ciphertext, { privateKeys: [alice.privateKey] })).toEqual(plaintext);
    const text = new TextDecoder().decode(ciphertext);
    expect(await decryptBackup(text, { privateKeys: [alice.privateKey] })).toEqual(plaintext);
  });

  it('uses only the matching key, so an unrelated locked key does not get in the way', async () => {
    const other = await generateBackupKeyPair({ name: 'Other', email: 'o@example.test', passphrase: 'x' });
    const result = await decryptBackup(ciphertext, { privateKeys: [other.privateKey, alice.privateKey] });
    expect(result).toEqual(plaintext);
  });

  it('unlocks a passphrase-protected key with its passphrase', async () => {
    const result = await decryptBackup(ciphertext, {
      privateKeys: [locked.privateKey],
      passphrase: 'correct horse',
    });
    expect(result).toEqual(plaintext);
  });

  it.each([
    ['no passphrase', undefined, /passphrase-protected; give its passphrase/],
    ['a wrong passphrase', 'wrong', /did not unlock: wrong passphrase/],
  ])('refuses a locked key with %s', async (_label, passphrase, message) => {
    const error = await refusal(
      decryptBackup(ciphertext, {
        privateKeys: [locked.privateKey],
        ...(passphrase === undefined ? {} : { passphrase }),
      }),
    );
    expect(error.code).toBe('decryption_key_locked');
    expect(error.message).toMatch(message);
    expect(error.message).toContain(locked.fingerprint);
  });

  it('names the backup’s key ids and the keys given when none of them can decrypt it', async () => {
    const error = await refusal(decryptBackup(ciphertext, { privateKeys: [stranger.privateKey] }));
    expect(error.code).toBe('backup_not_for_these_keys');
    expect(error.message).toContain(stranger.fingerprint);
    expect(error.message).toMatch(/encrypted to key ids [0-9A-F]{16}, [0-9A-F]{16}/);
  });

  it.each([
    ['text that is not OpenPGP', () => new TextEncoder().encode('{"records":[]}')],
    ['a truncated armored message', ciphertextPrefix(120)],
    ['empty input', () => new Uint8Array()],
  ])('refuses %s as malformed', async (_label, input) => {
    const error = await refusal(decryptBackup(input(), { privateKeys: [alice.privateKey] }));
    expect(error.code).toBe('backup_malformed');
    expect(error.message).toMatch(/not a readable OpenPGP message/);
  });

  it('refuses a private key entry that is not a key', async () => {
    const error = await refusal(decryptBackup(ciphertext, { privateKeys: ['not a key'] }));
    expect(error.code).toBe('decryption_key_invalid');
  });

  it('a signed backup still decrypts when no verification key is asked for (no unhandled rejection)', async () => {
    const signer = await parseSigningKey(
      (await generateKey({ userIDs: [{ name: 'Larkgate', email: 'lg@example.test' }] })).privateKey,
    );
    const signed = await encryptBackup(plaintext, await parseRecipientKeys([alice.publicKey]), {
      signingKey: signer,
    });
    expect(await decryptBackup(signed, { privateKeys: [alice.privateKey] })).toEqual(plaintext);
    expect(
      await decryptBackup(signed, {
        privateKeys: [alice.privateKey],
        verificationKeys: [signer.publicKeyArmored],
      }),
    ).toEqual(plaintext);
  });
});

function ciphertextPrefix(length: number): () => Uint8Array {
  return () => {
    const text = new TextDecoder().decode(ciphertext.subarray(0, length));
    return new TextEncoder().encode(`${text}\n-----END PGP MESSAGE-----\n`);
  };
}
