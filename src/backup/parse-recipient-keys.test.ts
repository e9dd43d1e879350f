import { armor, enums, generateKey, readKey, readPrivateKey, revokeKey } from 'openpgp';
import { describe, expect, it } from 'vitest';
import { BackupError } from '../ports/backup-error.js';
import { fingerprintKey } from './fingerprint-key.js';
import { parseRecipientKeys } from './parse-recipient-keys.js';

type KeyOptions = Parameters<typeof generateKey>[0];

async function makeKey(overrides: Partial<KeyOptions> = {}) {
  return generateKey({
    userIDs: [{ name: 'Ops', email: 'ops@example.test' }],
    ...overrides,
    format: 'armored',
  } as KeyOptions & { format: 'armored' });
}

async function refusal(armoredKeys: string[], options: { date?: Date } = {}): Promise<BackupError> {
  const error = await parseRecipientKeys(armoredKeys, options).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof BackupError)) throw new Error(`expected a BackupError, got ${String(error)}`);
  expect(error.code).toBe('recipient_key_refused');
  return error;
}

describe('parseRecipientKeys accepts keys gpg 2.2 can decrypt for', () => {
  it('an OpenPGP.js default key (v4 Ed25519 legacy + Cv25519 legacy) and an RSA-3072 key', async () => {
    const ecc = await makeKey();
    const rsa = await makeKey({ type: 'rsa', rsaBits: 3072 });
    const [first, second] = await parseRecipientKeys([ecc.publicKey, rsa.publicKey]);
    expect(first).toMatchObject({
      fingerprint: await fingerprintKey(ecc.publicKey),
      userIds: ['Ops <ops@example.test>'],
      encryptionAlgorithm: 'ecdh/curve25519Legacy',
      expiresAt: null,
    });
    expect(first?.fingerprint).toMatch(/^[0-9A-F]{40}$/);
    expect(first?.encryptionKeyFingerprint).not.toBe(first?.fingerprint);
    expect(second?.encryptionAlgorithm).toBe('rsaEncryptSign-3072');
  });

  it('reports when a key will expire, so config load can warn', async () => {
    const key = await makeKey({ keyExpirationTime: 30 * 24 * 3600 });
    const [recipient] = await parseRecipientKeys([key.publicKey]);
    expect(recipient?.expiresAt).toBeInstanceOf(Date);
  });
});

describe('parseRecipientKeys refuses, naming the key and the fix', () => {
  it('a v6 key (OpenPGP.js config.v6Keys)', async () => {
    const key = await makeKey({ config: { v6Keys: true } });
    const error = await refusal([key.publicKey]);
    expect(error.message).toContain(await fingerprintKey(key.publicKey));
    expect(error.message).toContain('"Ops <ops@example.test>"');
    expect(error.message).toMatch(/v6 key; gpg 2.2 reads only v4 keys/);
  });

  it('a v4 key with the RFC 9580 Ed25519/X25519 algorithm ids (type: "curve25519")', async () => {
    const key = await makeKey({ type: 'curve25519' });
    const error = await refusal([key.publicKey]);
    expect(error.message).toContain(await fingerprintKey(key.publicKey));
    expect(error.message).toMatch(/RFC 9580 algorithm ed25519 \(id 27\), which gpg 2.2 cannot use/);
  });

  it('a v4 key advertising SEIPDv2 (made with aeadProtect), because OpenPGP.js would then write SEIPDv2', async () => {
    const key = await makeKey({ config: { aeadProtect: true } });
    const error = await refusal([key.publicKey]);
    expect(error.message).toMatch(/advertises SEIPDv2/);
  });

  it('a private key where the public key belongs, without echoing key material', async () => {
    const key = await makeKey();
    const error = await refusal([key.privateKey]);
    expect(error.message).toMatch(/is a PRIVATE key; configure only its public part/);
    expect(error.message).not.toContain('PRIVATE KEY BLOCK');
  });

  it('an expired key', async () => {
    const key = await makeKey({ date: new Date(Date.now() - 2 * 3600_000), keyExpirationTime: 3600 });
    const error = await refusal([key.publicKey]);
    expect(error.message).toMatch(/primary key is expired \(extend its expiry with `gpg --quick-set-expire/);
  });

  it('a key that is valid now but expired at the date given (clock passed in)', async () => {
    const key = await makeKey({ keyExpirationTime: 3600 });
    await expect(parseRecipientKeys([key.publicKey])).resolves.toHaveLength(1);
    const error = await refusal([key.publicKey], { date: new Date(Date.now() + 2 * 3600_000) });
    expect(error.message).toMatch(/expired/);
  });

  it('a revoked key', async () => {
    const key = await makeKey();
    const revoked = await revokeKey({
      key: await readPrivateKey({ armoredKey: key.privateKey }),
      format: 'armored',
    });
    const error = await refusal([revoked.publicKey]);
    expect(error.message).toMatch(/revoked .*must not receive backups/);
  });

  it('a key with no encryption-capable subkey', async () => {
    const key = await makeKey({ subkeys: [] });
    const error = await refusal([key.publicKey]);
    expect(error.message).toMatch(/no valid encryption-capable key or subkey/);
    expect(error.message).toMatch(/gpg --quick-add-key/);
  });

  it('text that is not a key', async () => {
    const error = await refusal([
      '-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nnope\n-----END PGP PUBLIC KEY BLOCK-----',
    ]);
    expect(error.message).toMatch(/backup recipient #1 is not a readable OpenPGP key/);
  });

  it('two armored keys pasted into one entry (OpenPGP.js alone would silently read only the first)', async () => {
    const [a, b] = await Promise.all([makeKey(), makeKey()]);
    const error = await refusal([`${a.publicKey}\n${b.publicKey}`]);
    expect(error.message).toMatch(/holds 2 armored blocks; give exactly one public key per entry/);
  });

  it('one armored block holding two keys (`gpg --armor --export a b`)', async () => {
    const [a, b] = await Promise.all([makeKey(), makeKey()]);
    const [keyA, keyB] = await Promise.all([
      readKey({ armoredKey: a.publicKey }),
      readKey({ armoredKey: b.publicKey }),
    ]);
    const both = armor(enums.armor.publicKey, new Uint8Array([...keyA.write(), ...keyB.write()]));
    const error = await refusal([both]);
    expect(error.message).toMatch(/holds 2 keys \(.+, .+\); give exactly one public key per entry/);
  });

  it('the same key listed twice', async () => {
    const key = await makeKey();
    const error = await refusal([key.publicKey, key.publicKey]);
    expect(error.message).toMatch(/backup recipient #2 .* is the same key as backup recipient #1/);
  });

  it('an empty recipient list', async () => {
    const error = await refusal([]);
    expect(error.message).toMatch(/no backup recipients are configured/);
  });

  it('every bad key at once, so one config fix round is enough', async () => {
    const [good, v6, modern] = await Promise.all([
      makeKey(),
      makeKey({ config: { v6Keys: true } }),
      makeKey({ type: 'curve25519' }),
    ]);
    const error = await refusal([good.publicKey, v6.publicKey, modern.publicKey]);
    const lines = error.message.split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^backup recipient #2 /);
    expect(lines[1]).toMatch(/^backup recipient #3 /);
  });
});
