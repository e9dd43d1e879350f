import { describe, expect, it } from 'vitest';
import { parseRecipientKeys } from '../../src/backup/parse-recipient-keys.js';
import { BackupError } from '../../src/ports/backup-error.js';
import { useGpgHome } from '../helpers/gpg.js';

/**
 * Keys as operators actually make them, with gpg itself: parseRecipientKeys must accept the good ones and
 * refuse, at config load, the ones a restore would fail with.
 */
const gpg = await useGpgHome();

async function refusal(armored: string, date?: Date): Promise<string> {
  const error = await parseRecipientKeys([armored], date ? { date } : {}).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof BackupError)) throw new Error(`expected a BackupError, got ${String(error)}`);
  expect(error.code).toBe('recipient_key_refused');
  return error.message;
}

describe('parseRecipientKeys with keys made by gpg 2.2', () => {
  it('accepts `--quick-gen-key … future-default` and the 2.2 default (RSA-3072)', async () => {
    const modern = await gpg.generateKey('Ops A <ops-a@example.test>', 'future-default');
    const classic = await gpg.generateKey('Ops B <ops-b@example.test>', 'default');
    const recipients = await parseRecipientKeys([modern.publicKey, classic.publicKey]);
    expect(recipients.map((recipient) => [recipient.fingerprint, recipient.encryptionAlgorithm])).toEqual([
      [modern.fingerprint, 'ecdh/curve25519Legacy'],
      [classic.fingerprint, 'rsaEncryptSign-3072'],
    ]);
  });

  it('refuses a sign-only key (`--quick-gen-key … ed25519 sign`): nothing to encrypt to', async () => {
    const signOnly = await gpg.generateKey('Sign only <sign@example.test>', 'ed25519', { usage: 'sign' });
    const message = await refusal(signOnly.publicKey);
    expect(message).toContain(signOnly.fingerprint);
    expect(message).toMatch(/no valid encryption-capable key or subkey/);
  });

  it('refuses RSA-1024, even with an encryption subkey', async () => {
    const weak = await gpg.generateKey('Weak <weak@example.test>', 'rsa1024');
    const added = await gpg.run([
      ...['--pinentry-mode', 'loopback', '--passphrase', ''],
      ...['--quick-add-key', weak.fingerprint, 'rsa1024', 'encr', 'never'],
    ]);
    expect(added.stderr).toBe('');
    expect(added.code).toBe(0);
    const exported = await gpg.run(['--armor', '--export', weak.fingerprint]);
    const message = await refusal(exported.stdout.toString());
    expect(message).toMatch(/RSA-1024, below the 2048-bit minimum/);
  });

  it('refuses a key once it has expired (`--quick-gen-key … 1d`, checked two days later)', async () => {
    const shortLived = await gpg.generateKey('Short <short@example.test>', 'future-default', {
      expire: '1d',
    });
    await expect(parseRecipientKeys([shortLived.publicKey])).resolves.toHaveLength(1);
    const message = await refusal(shortLived.publicKey, new Date(Date.now() + 2 * 24 * 3600_000));
    expect(message).toMatch(/expired/);
  });
});
