import { generateKey } from 'openpgp';
import { gpgCompatibleConfig } from './gpg-compatible-config.js';

export type BackupKeyPair = {
  /** Armored public key: goes into the config as a backup recipient. */
  publicKey: string;
  /** Armored private key: what an operator imports into gpg to restore. Unprotected unless `passphrase`. */
  privateKey: string;
  /** Upper-case hex, as gpg prints it. */
  fingerprint: string;
};

/**
 * A fresh v4 Ed25519 + Cv25519 ("legacy" algorithm ids) key pair, the profile gpg 2.2 reads. Used by the demo
 * for throwaway keys; production recipients bring their own (often gpg-made) keys.
 */
export async function generateBackupKeyPair(options: {
  name: string;
  email: string;
  passphrase?: string;
  date?: Date;
}): Promise<BackupKeyPair> {
  const { publicKey, privateKey } = await generateKey({
    type: 'ecc',
    curve: 'ed25519Legacy',
    userIDs: [{ name: options.name, email: options.email }],
    ...(options.passphrase !== undefined ? { passphrase: options.passphrase } : {}),
    ...(options.date ? { date: options.date } : {}),
    format: 'object',
    config: gpgCompatibleConfig,
  });
  return {
    publicKey: publicKey.armor(gpgCompatibleConfig),
    privateKey: privateKey.armor(gpgCompatibleConfig),
    fingerprint: publicKey.getFingerprint().toUpperCase(),
  };
}
