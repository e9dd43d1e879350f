import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { generateBackupKeyPair } from '../backup/generate-backup-key-pair.js';

export type InitKeys = {
  dir: string;
  /** Of Larkgate's own backup key, as gpg prints it. */
  backupFingerprint: string;
  files: string[];
};

/**
 * Generates what a new deployment needs and nobody should type: Larkgate's backup key pair (v4 Ed25519 +
 * Cv25519, the profile gpg 2.2 reads), the Ed25519 audit checkpoint key pair, and the audit hash and
 * fingerprint keys (32 random bytes, hex). Written to `keysDir` (mode 0700), every file 0600, with a
 * .gitignore that keeps the folder out of git. Refuses to overwrite (`wx`), so a second init keeps old keys.
 */
export async function writeInitKeys(
  keysDir: string,
  label: { name: string; email: string },
): Promise<InitKeys> {
  await mkdir(keysDir, { recursive: true, mode: 0o700 });
  await chmod(keysDir, 0o700);
  const backup = await generateBackupKeyPair(label);
  const checkpoint = generateKeyPairSync('ed25519');
  const contents: Array<[string, string]> = [
    ['.gitignore', '# Private keys and secrets: never commit this folder.\n*\n'],
    ['larkgate-backup.key.asc', backup.privateKey],
    ['larkgate-backup.pub.asc', backup.publicKey],
    ['audit-checkpoint.key.pem', checkpoint.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()],
    ['audit-checkpoint.pub.pem', checkpoint.publicKey.export({ type: 'spki', format: 'pem' }).toString()],
    ['audit-hash.key', `${randomBytes(32).toString('hex')}\n`],
    ['audit-fingerprint.key', `${randomBytes(32).toString('hex')}\n`],
  ];
  const files: string[] = [];
  for (const [name, text] of contents) {
    const path = join(keysDir, name);
    await writeFile(path, text, { mode: 0o600, flag: 'wx' });
    files.push(path);
  }
  return { dir: keysDir, backupFingerprint: backup.fingerprint, files };
}
