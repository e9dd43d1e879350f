import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { armor, enums } from 'openpgp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackupStore } from '../../src/backup/create-backup-store.js';
import { encryptBackup } from '../../src/backup/encrypt-backup.js';
import { generateBackupKeyPair } from '../../src/backup/generate-backup-key-pair.js';
import { parseRecipientKeys, type RecipientKey } from '../../src/backup/parse-recipient-keys.js';
import { parseSigningKey, type SigningKey } from '../../src/backup/parse-signing-key.js';
import type { BackupStore } from '../../src/ports/backup-store.js';
import { assertGpgInstalled } from '../helpers/gpg.js';

/**
 * Runs the decrypt script exactly as docs/runbooks/restore.md prints it (extracted between its markers), with
 * the real gpg and sha256sum, against backups written by Larkgate's own store. The runbook is the contract
 * with operators, so it is what gets tested.
 */

const RUNBOOK = new URL('../../docs/runbooks/restore.md', import.meta.url);

async function extractBlock(name: string): Promise<string> {
  const markdown = await readFile(RUNBOOK, 'utf8');
  const pattern = new RegExp(
    `<!-- ${name}:begin -->\\s*\`\`\`bash\\n([\\s\\S]*?)\`\`\`\\s*<!-- ${name}:end -->`,
  );
  const match = pattern.exec(markdown);
  if (!match?.[1]) throw new Error(`docs/runbooks/restore.md has no ${name} block between its markers`);
  return match[1];
}

type Run = { code: number; stdout: string; stderr: string; out: string };

let work: string;
let script: string;
let store: BackupStore;
let operator: Awaited<ReturnType<typeof generateBackupKeyPair>>;
let protectedOperator: Awaited<ReturnType<typeof generateBackupKeyPair>>;
let outsider: Awaited<ReturnType<typeof generateBackupKeyPair>>;
let recipients: RecipientKey[];
let signingKey: SigningKey;
let runs = 0;

const plaintext = new TextEncoder().encode(
  `${JSON.stringify({ records: [{ record_id: 'recA1', fields: { Title: '发布 v1 — café ✓', Points: 3 } }] })}\n`,
);

beforeAll(async () => {
  await assertGpgInstalled();
  work = await mkdtemp(join(tmpdir(), 'lg-rb-'));
  script = join(work, 'decrypt-backup.sh');
  await writeFile(script, await extractBlock('restore-script'), { mode: 0o700 });
  store = createBackupStore({ dir: join(work, 'store') });
  [operator, protectedOperator, outsider] = await Promise.all([
    generateBackupKeyPair({ name: 'Operator', email: 'operator@example.test' }),
    generateBackupKeyPair({
      name: 'Protected',
      email: 'protected@example.test',
      passphrase: 'ops passphrase',
    }),
    generateBackupKeyPair({ name: 'Outsider', email: 'outsider@example.test' }),
  ]);
  recipients = await parseRecipientKeys([operator.publicKey, protectedOperator.publicKey]);
  const signer = await generateBackupKeyPair({ name: 'Larkgate backups', email: 'larkgate@example.test' });
  signingKey = await parseSigningKey(signer.privateKey);
  await writeFile(join(work, 'operator.asc'), operator.privateKey);
  await writeFile(join(work, 'protected.asc'), protectedOperator.privateKey);
  await writeFile(join(work, 'outsider.asc'), outsider.privateKey);
  await writeFile(join(work, 'signing.pub.asc'), signingKey.publicKeyArmored);
  await writeFile(join(work, 'passphrase'), 'ops passphrase', { mode: 0o600 });
});

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

async function runScript(env: Record<string, string>): Promise<Run> {
  runs += 1;
  const out = join(work, `before-${runs}.json`);
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [script], {
      cwd: work,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: work, LC_ALL: 'C', OUT: out, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.once('error', reject);
    child.once('close', (code) => resolve({ code: code ?? -1, stdout, stderr, out }));
  });
}

function inputs(backupId: string, path: string, privateKey = 'operator.asc'): Record<string, string> {
  return { BACKUP_ID: backupId, BACKUP_FILE: path, PRIVATE_KEY: join(work, privateKey) };
}

async function expectRefused(run: Run, reason: RegExp): Promise<void> {
  expect({ code: run.code, stderr: run.stderr }).toMatchObject({
    code: 1,
    stderr: expect.stringMatching(reason),
  });
  expect(existsSync(run.out)).toBe(false);
}

describe('docs/runbooks/restore.md decrypt script', () => {
  it('decrypts a stored backup byte for byte', async () => {
    const saved = await store.save(await encryptBackup(plaintext, recipients));
    const run = await runScript(inputs(saved.backupId, saved.path));
    expect(run.stderr).not.toMatch(/REFUSED/);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`OK: ${saved.backupId} decrypted to`);
    expect(new Uint8Array(await readFile(run.out))).toEqual(plaintext);
  });

  it('decrypts with a passphrase-protected key given PASSPHRASE_FILE', async () => {
    const saved = await store.save(await encryptBackup(plaintext, recipients));
    const run = await runScript({
      ...inputs(saved.backupId, saved.path, 'protected.asc'),
      PASSPHRASE_FILE: join(work, 'passphrase'),
    });
    expect(run.code).toBe(0);
    expect(new Uint8Array(await readFile(run.out))).toEqual(plaintext);
  });

  it('accepts a signed backup only with Larkgate’s signing key and fingerprint', async () => {
    const saved = await store.save(await encryptBackup(plaintext, recipients, { signingKey }));
    const signing = { SIGNING_KEY: join(work, 'signing.pub.asc') };

    const good = await runScript({
      ...inputs(saved.backupId, saved.path),
      ...signing,
      SIGNER_FPR: signingKey.fingerprint,
    });
    expect(good.code).toBe(0);
    expect(new Uint8Array(await readFile(good.out))).toEqual(plaintext);

    const wrongSigner = await runScript({
      ...inputs(saved.backupId, saved.path),
      ...signing,
      SIGNER_FPR: outsider.fingerprint,
    });
    await expectRefused(wrongSigner, /REFUSED: .* is not signed by/);

    const keyMissing = await runScript(inputs(saved.backupId, saved.path));
    await expectRefused(keyMissing, /No public key[\s\S]*REFUSED: gpg could not decrypt or verify/);
  });

  it('refuses an unsigned (possibly forged) backup when SIGNER_FPR is set', async () => {
    const saved = await store.save(await encryptBackup(plaintext, recipients));
    const run = await runScript({
      ...inputs(saved.backupId, saved.path),
      SIGNING_KEY: join(work, 'signing.pub.asc'),
      SIGNER_FPR: signingKey.fingerprint,
    });
    await expectRefused(run, /is not signed by/);
  });

  it('refuses a stored file altered after it was saved (hash check), before running gpg', async () => {
    const saved = await store.save(await encryptBackup(plaintext, recipients));
    const copy = join(work, `${saved.backupId}-copy.asc`);
    const bytes = await readFile(saved.path);
    bytes[bytes.length - 40] = bytes[bytes.length - 40] === 0x41 ? 0x42 : 0x41;
    await writeFile(copy, bytes);
    const run = await runScript(inputs(saved.backupId, copy));
    await expectRefused(run, /did NOT match[\s\S]*REFUSED: .* does not hash to/);
  });

  it('refuses a tampered ciphertext even when its id was recomputed, and deletes what gpg wrote', async () => {
    const ciphertext = await encryptBackup(plaintext, recipients);
    const binary = dearmor(ciphertext);
    // In the MDC (the last 22 bytes), so gpg gets as far as its integrity check and reports it.
    binary[binary.length - 5] = (binary[binary.length - 5] ?? 0) ^ 0x01;
    const tampered = await store.save(new TextEncoder().encode(armor(enums.armor.message, binary)));
    const run = await runScript(inputs(tampered.backupId, tampered.path));
    await expectRefused(run, /manipulated[\s\S]*REFUSED: gpg could not decrypt or verify/);
  });

  it('refuses a corrupted session-key packet even when gpg itself exits 0 (no DECRYPTION_OKAY)', async () => {
    const [first] = recipients;
    if (!first) throw new Error('no recipient');
    const ciphertext = await encryptBackup(plaintext, [first]);
    const binary = dearmor(ciphertext);
    binary[12] = (binary[12] ?? 0) ^ 0x01; // the ECDH point's MPI bit count in the PKESK packet
    const tampered = await store.save(new TextEncoder().encode(armor(enums.armor.message, binary)));
    const run = await runScript(inputs(tampered.backupId, tampered.path));
    await expectRefused(run, /REFUSED: gpg (could not decrypt|did not report DECRYPTION_OKAY)/);
  });

  it('refuses a backup for somebody else’s key', async () => {
    const saved = await store.save(await encryptBackup(plaintext, recipients));
    const run = await runScript(inputs(saved.backupId, saved.path, 'outsider.asc'));
    await expectRefused(run, /No secret key[\s\S]*REFUSED/);
  });

  it('refuses a malformed id and an existing output file without touching it', async () => {
    const saved = await store.save(await encryptBackup(plaintext, recipients));
    const badId = await runScript(inputs('bk_../../etc/passwd', saved.path));
    expect(badId.code).toBe(1);
    expect(badId.stderr).toMatch(/is not a backup id/);

    const existing = join(work, 'existing.json');
    await writeFile(existing, 'keep me');
    const run = await runScript({ ...inputs(saved.backupId, saved.path), OUT: existing });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/already exists/);
    expect(await readFile(existing, 'utf8')).toBe('keep me');
  });

  it('the packet listing the runbook describes is what gpg shows', async () => {
    const saved = await store.save(await encryptBackup(plaintext, recipients));
    const home = await mkdtemp(join(tmpdir(), 'lg-'));
    try {
      const listing = await new Promise<string>((resolve, reject) => {
        const child = spawn('gpg', ['--homedir', home, '--batch', '--list-packets', saved.path], {
          stdio: ['ignore', 'pipe', 'ignore'],
        });
        let stdout = '';
        child.stdout.on('data', (chunk: Buffer) => {
          stdout += chunk.toString();
        });
        child.once('error', reject);
        child.once('close', () => resolve(stdout));
      });
      expect(listing.match(/:pubkey enc packet: version 3,/g)).toHaveLength(recipients.length);
      expect(listing).toMatch(/:encrypted data packet:\n\s+length: \d+\n\s+mdc_method: 2/);
    } finally {
      spawn('gpgconf', ['--homedir', home, '--kill', 'gpg-agent']);
      await rm(home, { recursive: true, force: true });
    }
  });
});

describe('docs/runbooks/restore.md by-hand commands', () => {
  async function runByHand(
    backupId: string,
    path: string,
  ): Promise<{ code: number; out: string; stderr: string }> {
    runs += 1;
    const cwd = join(work, `by-hand-${runs}`);
    await mkdir(cwd);
    await writeFile(join(cwd, 'my-key.asc'), operator.privateKey);
    await writeFile(join(cwd, 'larkgate-signing.pub.asc'), signingKey.publicKeyArmored);
    const block = await extractBlock('restore-by-hand');
    return new Promise((resolve, reject) => {
      const child = spawn('bash', ['-c', block], {
        cwd,
        env: {
          PATH: process.env.PATH ?? '/usr/bin:/bin',
          HOME: cwd,
          LC_ALL: 'C',
          BACKUP_ID: backupId,
          BACKUP_FILE: path,
        },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
      });
      child.once('error', reject);
      child.once('close', (code) => resolve({ code: code ?? -1, out: join(cwd, 'before.json'), stderr }));
    });
  }

  it('leave before.json with the plaintext for a good signed backup', async () => {
    const saved = await store.save(await encryptBackup(plaintext, recipients, { signingKey }));
    const run = await runByHand(saved.backupId, saved.path);
    expect(run.stderr).toMatch(/Good signature from "Larkgate backups/);
    expect(new Uint8Array(await readFile(run.out))).toEqual(plaintext);
  });

  it.each([
    ['the MDC', (binary: Uint8Array) => binary.length - 5],
    ['the session-key packet', (_binary: Uint8Array) => 12],
  ])('leave no before.json when a bit in %s is flipped', async (_where, at) => {
    const binary = dearmor(await encryptBackup(plaintext, recipients));
    const index = at(binary);
    binary[index] = (binary[index] ?? 0) ^ 0x01;
    const tampered = await store.save(new TextEncoder().encode(armor(enums.armor.message, binary)));
    const run = await runByHand(tampered.backupId, tampered.path);
    expect(existsSync(run.out)).toBe(false);
  });
});

function dearmor(armored: Uint8Array): Uint8Array {
  const text = new TextDecoder().decode(armored);
  const body = text.split(/\r?\n\r?\n/)[1]?.split('-----END')[0] ?? '';
  const base64 = body
    .split(/\r?\n/)
    .filter((line) => line !== '' && !line.startsWith('='))
    .join('');
  return new Uint8Array(Buffer.from(base64, 'base64'));
}
