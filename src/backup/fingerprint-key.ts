import { readKeys } from 'openpgp';
import { gpgCompatibleConfig } from './gpg-compatible-config.js';

/** The upper-case hex fingerprint of the one armored key (public or private) given, as gpg prints it. */
export async function fingerprintKey(armoredKey: string): Promise<string> {
  const keys = await readKeys({ armoredKeys: armoredKey, config: gpgCompatibleConfig });
  const [key] = keys;
  if (key === undefined || keys.length !== 1) {
    throw new Error(`fingerprintKey: expected exactly one key, found ${keys.length}`);
  }
  return key.getFingerprint().toUpperCase();
}
