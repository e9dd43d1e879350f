import { generateKey } from 'openpgp';
import { describe, expect, it } from 'vitest';
import { BackupError } from '../ports/backup-error.js';
import { fingerprintKey } from './fingerprint-key.js';
import { parseSigningKey } from './parse-signing-key.js';

async function refusal(promise: Promise<unknown>): Promise<BackupError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof BackupError)) throw new Error(`expected a BackupError, got ${String(error)}`);
  expect(error.code).toBe('signing_key_refused');
  return error;
}

const userIDs = [{ name: 'Larkgate backups', email: 'larkgate@example.test' }];

describe('parseSigningKey', () => {
  it('accepts an unprotected v4 key and returns its fingerprint and armored public half', async () => {
    const key = await generateKey({ userIDs });
    const signing = await parseSigningKey(key.privateKey);
    expect(signing.fingerprint).toBe(await fingerprintKey(key.publicKey));
    expect(signing.publicKeyArmored).toContain('-----BEGIN PGP PUBLIC KEY BLOCK-----');
    expect(signing.privateKey.isDecrypted()).toBe(true);
  });

  it('unlocks a protected key with its passphrase', async () => {
    const key = await generateKey({ userIDs, passphrase: 'pw' });
    const signing = await parseSigningKey(key.privateKey, { passphrase: 'pw' });
    expect(signing.privateKey.isDecrypted()).toBe(true);
  });

  it.each([
    ['no passphrase', undefined, /passphrase-protected and no passphrase was given/],
    ['a wrong passphrase', 'nope', /could not be unlocked: wrong passphrase/],
  ])('refuses a protected key with %s', async (_label, passphrase, message) => {
    const key = await generateKey({ userIDs, passphrase: 'pw' });
    const error = await refusal(
      parseSigningKey(key.privateKey, passphrase === undefined ? {} : { passphrase }),
    );
    expect(error.message).toMatch(message);
  });

  it('refuses a key gpg 2.2 could not verify (RFC 9580 Ed25519)', async () => {
    const key = await generateKey({ userIDs, type: 'curve25519' });
    const error = await refusal(parseSigningKey(key.privateKey));
    expect(error.message).toMatch(/RFC 9580 algorithm ed25519/);
  });

  it('refuses a public key where the private signing key belongs', async () => {
    const key = await generateKey({ userIDs });
    const error = await refusal(parseSigningKey(key.publicKey));
    expect(error.message).toMatch(/not a readable OpenPGP private key/);
  });
});
