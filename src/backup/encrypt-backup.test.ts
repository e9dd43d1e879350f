import { randomBytes } from 'node:crypto';
import { armor, enums, generateKey } from 'openpgp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGpgHome, type GpgHome } from '../../test/helpers/gpg.js';
import { BackupError } from '../ports/backup-error.js';
import { decryptBackup } from './decrypt-backup.js';
import { encryptBackup } from './encrypt-backup.js';
import { parseRecipientKeys, type RecipientKey } from './parse-recipient-keys.js';
import { parseSigningKey } from './parse-signing-key.js';

/**
 * The promise this module makes: whatever Larkgate encrypts, plain `gpg --decrypt` (2.2, as installed here
 * and in CI) gives back byte for byte. Every case goes through the real gpg binary.
 */

type Holder = { label: string; publicKey: string; privateKey: string; home: GpgHome };

const homes: GpgHome[] = [];
async function freshHome(): Promise<GpgHome> {
  const home = await createGpgHome();
  homes.push(home);
  return home;
}
afterAll(async () => {
  await Promise.all(homes.map((home) => home.cleanup()));
});

async function openpgpHolder(
  label: string,
  options: { type?: 'ecc' | 'rsa'; rsaBits?: number },
): Promise<Holder> {
  const { publicKey, privateKey } = await generateKey({
    userIDs: [{ name: label, email: `${label}@example.test` }],
    ...options,
    format: 'armored',
  });
  const home = await freshHome();
  await home.importKey(privateKey);
  return { label, publicKey, privateKey, home };
}

async function gpgHolder(label: string, algo: string): Promise<Holder> {
  const home = await freshHome();
  const { publicKey, privateKey } = await home.generateKey(`${label} <${label}@example.test>`, algo);
  return { label, publicKey, privateKey, home };
}

/** ~200 KB of record-like JSON with CJK, accents, emoji and escapes: what a real before-state looks like. */
function makeRecordsJson(targetBytes: number): Uint8Array {
  const records: unknown[] = [];
  let size = 0;
  for (let i = 0; size < targetBytes; i += 1) {
    const record = {
      record_id: `rec${i.toString(36).padStart(8, '0')}`,
      fields: {
        Title: `任务 ${i} — Café ✓ 🚀`,
        Status: i % 3 === 0 ? '进行中' : 'Done',
        Notes: 'line1\nline2\t"q"',
      },
    };
    size += JSON.stringify(record).length;
    records.push(record);
  }
  return new TextEncoder().encode(JSON.stringify({ records }));
}

function dearmor(armored: Uint8Array): Uint8Array {
  const text = new TextDecoder().decode(armored);
  const body = text.split(/\r?\n\r?\n/)[1]?.split('-----END')[0] ?? '';
  const base64 = body
    .split(/\r?\n/)
    .filter((line) => line !== '' && !line.startsWith('='))
    .join('');
  return new Uint8Array(Buffer.from(base64, 'base64'));
}

/** Flips one bit of the binary message at `position` (negative: from the end); refuses to silently do nothing. */
function flipByte(armored: Uint8Array, position: number): Uint8Array {
  const binary = dearmor(armored);
  const index = position < 0 ? binary.length + position : position;
  if (!Number.isInteger(index) || index < 0 || index >= binary.length) {
    throw new Error(`flipByte: position ${position} is outside the ${binary.length}-byte message`);
  }
  binary[index] = (binary[index] ?? 0) ^ 0x01;
  return new TextEncoder().encode(armor(enums.armor.message, binary));
}

/** Offset of the SEIPD packet: past the leading PKESK packets (tag 1, new-format headers, definite lengths). */
function seipdOffset(binary: Uint8Array): number {
  let offset = 0;
  while ((binary[offset] ?? 0) === 0xc1) {
    const first = binary[offset + 1] ?? 0;
    if (first < 192) offset += 2 + first;
    else if (first < 224) offset += 3 + ((first - 192) << 8) + (binary[offset + 2] ?? 0) + 192;
    else throw new Error('seipdOffset: unexpected PKESK length encoding');
  }
  if ((binary[offset] ?? 0) !== 0xd2) throw new Error(`seipdOffset: no SEIPD packet at ${offset}`);
  return offset;
}

const plaintext = makeRecordsJson(200_000);
let holders: Holder[];
let recipients: RecipientKey[];

beforeAll(async () => {
  holders = await Promise.all([
    openpgpHolder('openpgp-default', {}),
    openpgpHolder('openpgp-rsa4096', { type: 'rsa', rsaBits: 4096 }),
    gpgHolder('gpg-future-default', 'future-default'),
    gpgHolder('gpg-default-rsa', 'default'),
  ]);
  recipients = await parseRecipientKeys(holders.map((holder) => holder.publicKey));
}, 120_000);

describe('encryptBackup → gpg --decrypt', () => {
  it('the plaintext is ~200 KB and contains multi-byte UTF-8', () => {
    expect(plaintext.byteLength).toBeGreaterThan(200_000);
    expect(new TextDecoder().decode(plaintext)).toContain('任务');
  });

  it.each([
    ['openpgp-default', 'ecdh/curve25519Legacy'],
    ['openpgp-rsa4096', 'rsaEncryptSign-4096'],
    ['gpg-future-default', 'ecdh/curve25519Legacy'],
    ['gpg-default-rsa', 'rsaEncryptSign-3072'],
  ])('a backup for %s alone is decrypted byte for byte by gpg', async (label, algorithm) => {
    const index = holders.findIndex((holder) => holder.label === label);
    const holder = holders[index];
    const recipient = recipients[index];
    if (!holder || !recipient) throw new Error(`no holder ${label}`);
    expect(recipient.encryptionAlgorithm).toBe(algorithm);

    const ciphertext = await encryptBackup(plaintext, [recipient]);
    expect(new TextDecoder().decode(ciphertext.subarray(0, 27))).toBe('-----BEGIN PGP MESSAGE-----');
    // zlib-compressed inside the encryption: armored JSON backups come out smaller than the JSON.
    expect(ciphertext.byteLength).toBeLessThan(plaintext.byteLength / 2);

    const result = await holder.home.decrypt(ciphertext);
    expect(result.stderr).not.toMatch(/manipulated|failed/i);
    expect(result.code).toBe(0);
    expect(Buffer.compare(result.stdout, Buffer.from(plaintext))).toBe(0);
    // SEIPD v1 with MDC (mdc method 2), AES-256 (9): the packets gpg 2.2 reads.
    expect(result.status).toMatch(/^\[GNUPG:\] DECRYPTION_INFO 2 9/m);
    expect(result.status).toMatch(/^\[GNUPG:\] GOODMDC/m);
    expect(result.status).toMatch(/^\[GNUPG:\] DECRYPTION_OKAY/m);
  });

  it('a backup for all four recipients is decrypted by each of them alone (one private key per gpg home)', async () => {
    const ciphertext = await encryptBackup(plaintext, recipients);
    for (const holder of holders) {
      const result = await holder.home.decrypt(ciphertext);
      expect({ label: holder.label, code: result.code }).toEqual({ label: holder.label, code: 0 });
      expect(Buffer.compare(result.stdout, Buffer.from(plaintext))).toBe(0);
    }
    const stranger = await freshHome();
    expect((await stranger.decrypt(ciphertext)).code).not.toBe(0);
  });

  it('opaque bytes stay opaque: NUL, CR LF and invalid UTF-8 come back unchanged from gpg and from decryptBackup', async () => {
    const bytes = new Uint8Array([...randomBytes(4096), 0x0d, 0x0a, 0x00, 0xff, 0xfe, 0x0d, 0x0d, 0x0a]);
    const [holder] = holders;
    if (!holder) throw new Error('no holder');
    const ciphertext = await encryptBackup(bytes, recipients);
    const result = await holder.home.decrypt(ciphertext);
    expect(result.code).toBe(0);
    expect(Buffer.compare(result.stdout, Buffer.from(bytes))).toBe(0);
    const ours = await decryptBackup(ciphertext, { privateKeys: [holder.privateKey] });
    expect(Buffer.compare(Buffer.from(ours), Buffer.from(bytes))).toBe(0);
  });

  it('decryptBackup reads it back with each private key', async () => {
    const ciphertext = await encryptBackup(plaintext, recipients);
    for (const holder of holders) {
      const ours = await decryptBackup(ciphertext, { privateKeys: [holder.privateKey] });
      expect(Buffer.compare(Buffer.from(ours), Buffer.from(plaintext))).toBe(0);
    }
  });

  it('decryptBackup also reads what gpg itself encrypted (compressed, gpg defaults)', async () => {
    const [, , holder] = holders;
    if (!holder) throw new Error('no holder');
    const encrypted = await holder.home.run(
      ['--trust-model', 'always', '--armor', '--encrypt', '--recipient', `${holder.label}@example.test`],
      { input: plaintext },
    );
    expect(encrypted.code).toBe(0);
    const ours = await decryptBackup(encrypted.stdout, { privateKeys: [holder.privateKey] });
    expect(Buffer.compare(Buffer.from(ours), Buffer.from(plaintext))).toBe(0);
  });
});

describe('a tampered backup is refused by gpg and by decryptBackup', () => {
  it.each([
    ['the last byte (inside the MDC)', (_binary: Uint8Array) => -1],
    ['a byte in the middle of the encrypted data', (binary: Uint8Array) => Math.floor(binary.length / 2)],
    ['the first bytes of the encrypted data', (binary: Uint8Array) => seipdOffset(binary) + 12],
    ['the SEIPD packet header', (binary: Uint8Array) => seipdOffset(binary) + 1],
  ])('one flipped bit in %s', async (_where, at) => {
    const [holder] = holders;
    if (!holder) throw new Error('no holder');
    const ciphertext = await encryptBackup(plaintext, recipients);
    const tampered = flipByte(ciphertext, at(dearmor(ciphertext)));

    const result = await holder.home.decrypt(tampered);
    expect(result.code).not.toBe(0);
    expect(result.status).not.toMatch(/^\[GNUPG:\] DECRYPTION_OKAY/m);

    const refusal = await decryptBackup(tampered, { privateKeys: [holder.privateKey] }).catch(
      (error) => error,
    );
    expect(refusal).toBeInstanceOf(BackupError);
    expect(['backup_integrity_failed', 'backup_malformed']).toContain((refusal as BackupError).code);
    expect((refusal as BackupError).message).toMatch(/altered|truncated/);
  });

  it('a flipped bit in the MDC is reported by gpg as "manipulated" and by decryptBackup as an integrity failure', async () => {
    const [holder] = holders;
    if (!holder) throw new Error('no holder');
    const tampered = flipByte(await encryptBackup(plaintext, recipients), -5);
    const result = await holder.home.decrypt(tampered);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/WARNING: encrypted message has been manipulated!/);
    const refusal = await decryptBackup(tampered, { privateKeys: [holder.privateKey] }).catch(
      (error) => error,
    );
    expect((refusal as BackupError).code).toBe('backup_integrity_failed');
    expect((refusal as BackupError).message).toMatch(/Modification detected/);
  });

  it('every 7th byte of a small backup: gpg never reports a good decryption, decryptBackup always refuses', async () => {
    const [holder] = holders;
    if (!holder) throw new Error('no holder');
    const small = new TextEncoder().encode('{"records":[{"record_id":"rec1","fields":{"Title":"小"}}]}');
    const ciphertext = await encryptBackup(small, [recipients[0] as RecipientKey]);
    const length = dearmor(ciphertext).length;
    for (let position = 0; position < length; position += 7) {
      const tampered = flipByte(ciphertext, position);
      const result = await holder.home.decrypt(tampered);
      expect({ position, gpgDecryptionOkay: /^\[GNUPG:\] DECRYPTION_OKAY/m.test(result.status) }).toEqual({
        position,
        gpgDecryptionOkay: false,
      });
      const refusal = await decryptBackup(tampered, { privateKeys: [holder.privateKey] }).catch(
        (error) => error,
      );
      expect({ position, oursRefused: refusal instanceof BackupError }).toEqual({
        position,
        oursRefused: true,
      });
    }
  });

  it('a corrupted session-key packet length: no output and no DECRYPTION_OKAY (gpg 2.2 sometimes exits 0 here, so the runbook checks the status line)', async () => {
    const [holder] = holders;
    if (!holder) throw new Error('no holder');
    const ciphertext = await encryptBackup(plaintext, [recipients[0] as RecipientKey]);
    // PKESK v3 for ECDH Cv25519: ctb, length, version, 8-byte key id, algorithm, then the point's MPI bit count
    // (offset 12) ... and the wrapped session key's length byte (offset 47).
    for (const position of [12, 47]) {
      const tampered = flipByte(ciphertext, position);
      const result = await holder.home.decrypt(tampered);
      expect({
        position,
        okay: /^\[GNUPG:\] DECRYPTION_OKAY/m.test(result.status),
        out: result.stdout.length,
      }).toEqual({
        position,
        okay: false,
        out: 0,
      });
      const refusal = await decryptBackup(tampered, { privateKeys: [holder.privateKey] }).catch(
        (error) => error,
      );
      expect(refusal).toBeInstanceOf(BackupError);
    }
  });

  it('no single bit flip anywhere makes decryptBackup return different plaintext', async () => {
    const [holder] = holders;
    if (!holder) throw new Error('no holder');
    const small = new TextEncoder().encode('{"records":[{"record_id":"rec1","fields":{"Title":"小"}}]}');
    const ciphertext = await encryptBackup(small, [recipients[0] as RecipientKey]);
    const binary = dearmor(ciphertext);
    const outcomes = { refused: 0, samePlaintext: 0, otherPlaintext: 0 };
    for (let position = 0; position < binary.length; position += 1) {
      for (let bit = 0; bit < 8; bit += 1) {
        const tampered = binary.slice();
        tampered[position] = (tampered[position] ?? 0) ^ (1 << bit);
        try {
          const result = await decryptBackup(tampered, { privateKeys: [holder.privateKey] });
          if (Buffer.from(result).equals(Buffer.from(small))) outcomes.samePlaintext += 1;
          else outcomes.otherPlaintext += 1;
        } catch (error) {
          if (!(error instanceof BackupError)) throw error;
          outcomes.refused += 1;
        }
      }
    }
    // A few framing bits do not matter to the plaintext (the MPI bit count, the X25519 point's top bit), so
    // the file can change while the plaintext cannot: the content hash (store.load, sha256sum) covers the file.
    expect(outcomes.otherPlaintext).toBe(0);
    expect(outcomes.refused).toBeGreaterThan(binary.length * 8 - 16);
  }, 120_000);
});

describe('signed backups', () => {
  it('gpg reports VALIDSIG for Larkgate’s signing key, and decryptBackup requires that signature when asked', async () => {
    const signer = await generateKey({
      userIDs: [{ name: 'Larkgate backups', email: 'larkgate@example.test' }],
    });
    const signingKey = await parseSigningKey(signer.privateKey);
    const [holder, other] = holders;
    if (!holder || !other) throw new Error('no holder');
    const ciphertext = await encryptBackup(plaintext, recipients, { signingKey });

    const home = await freshHome();
    await home.importKey(holder.privateKey);
    await home.importKey(signingKey.publicKeyArmored);
    const result = await home.decrypt(ciphertext);
    expect(result.code).toBe(0);
    expect(result.status).toMatch(new RegExp(`^\\[GNUPG:\\] VALIDSIG .* ${signingKey.fingerprint}$`, 'm'));
    expect(Buffer.compare(result.stdout, Buffer.from(plaintext))).toBe(0);

    const ours = await decryptBackup(ciphertext, {
      privateKeys: [holder.privateKey],
      verificationKeys: [signingKey.publicKeyArmored],
    });
    expect(Buffer.compare(Buffer.from(ours), Buffer.from(plaintext))).toBe(0);

    // A backup forged with the public recipient keys (no signature) is refused when a signature is required.
    const forged = await encryptBackup(new TextEncoder().encode('{"records":[]}'), recipients);
    const unsigned = await decryptBackup(forged, {
      privateKeys: [holder.privateKey],
      verificationKeys: [signingKey.publicKeyArmored],
    }).catch((error) => error);
    expect((unsigned as BackupError).code).toBe('backup_signature_invalid');

    // Signed by someone else: refused too.
    const wrongSigner = await parseSigningKey(
      (await generateKey({ userIDs: [{ name: 'Mallory', email: 'm@example.test' }] })).privateKey,
    );
    const misSigned = await encryptBackup(plaintext, recipients, { signingKey: wrongSigner });
    const refusal = await decryptBackup(misSigned, {
      privateKeys: [other.privateKey],
      verificationKeys: [signingKey.publicKeyArmored],
    }).catch((error) => error);
    expect((refusal as BackupError).code).toBe('backup_signature_invalid');
  });
});
