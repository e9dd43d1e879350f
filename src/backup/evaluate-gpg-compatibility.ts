import { enums, type Key, type Subkey } from 'openpgp';
import { gpgCompatibleConfig } from './gpg-compatible-config.js';

export type KeyUse = 'encrypt' | 'sign';

export type GpgCompatibility =
  | { kind: 'compatible'; usedKey: Key | Subkey; algorithm: string; expiresAt: Date | null }
  | { kind: 'incompatible'; reason: string };

/** Algorithms GnuPG 2.2 reads and that we test against it; DSA and ElGamal are refused as obsolete. */
const GPG22_ALGORITHMS = new Set<enums.publicKey>([
  enums.publicKey.rsaEncryptSign,
  enums.publicKey.rsaEncrypt,
  enums.publicKey.rsaSign,
  enums.publicKey.ecdh,
  enums.publicKey.ecdsa,
  enums.publicKey.eddsaLegacy,
]);

/** RFC 9580 algorithm ids (X25519 = 25, X448 = 26, Ed25519 = 27, Ed448 = 28) that gpg 2.2 does not know. */
const RFC9580_ALGORITHMS = new Set<enums.publicKey>([
  enums.publicKey.x25519,
  enums.publicKey.x448,
  enums.publicKey.ed25519,
  enums.publicKey.ed448,
]);

/** Features subpacket bit 0x08: "Version 2 SEIPD" (RFC 9580 §5.2.3.32). */
const FEATURE_SEIPD_V2 = 0x08;

const MIN_RSA_BITS = 2048;

/**
 * Decides whether GnuPG 2.2 can use `key` for `use` at `date`, looking at exactly the (sub)key OpenPGP.js will
 * pick. Returns a decision value; the reason names the problem and the fix, not the key (the caller does).
 */
export async function evaluateGpgCompatibility(key: Key, use: KeyUse, date: Date): Promise<GpgCompatibility> {
  if (key.keyPacket.version !== 4) {
    return {
      kind: 'incompatible',
      reason:
        `it is a v${key.keyPacket.version} key; gpg 2.2 reads only v4 keys ` +
        '(regenerate it without OpenPGP.js `config.v6Keys`, e.g. `gpg --quick-gen-key <uid> future-default`)',
    };
  }
  const primaryProblem = checkAlgorithm(key, 'primary key');
  if (primaryProblem) return { kind: 'incompatible', reason: primaryProblem };

  try {
    await key.verifyPrimaryKey(date, undefined, gpgCompatibleConfig);
  } catch (error) {
    return { kind: 'incompatible', reason: `${lowerFirst(errorMessage(error))} (${renewHint(error)})` };
  }

  let usedKey: Key | Subkey;
  try {
    usedKey =
      use === 'encrypt'
        ? await key.getEncryptionKey(undefined, date, undefined, gpgCompatibleConfig)
        : await key.getSigningKey(undefined, date, undefined, gpgCompatibleConfig);
  } catch (error) {
    return {
      kind: 'incompatible',
      reason:
        `it has no valid ${use === 'encrypt' ? 'encryption' : 'signing'}-capable key or subkey ` +
        `(OpenPGP.js: ${errorMessage(error)}); ` +
        (use === 'encrypt'
          ? 'add an encryption subkey (`gpg --quick-add-key <fpr> cv25519 encr`) or use another key'
          : 'use a key that can sign'),
    };
  }
  if (usedKey !== key) {
    const subkeyProblem = checkAlgorithm(usedKey, `${use === 'encrypt' ? 'encryption' : 'signing'} subkey`);
    if (subkeyProblem) return { kind: 'incompatible', reason: subkeyProblem };
  }

  if (use === 'encrypt') {
    // OpenPGP.js writes SEIPDv2 (AEAD) whenever every recipient advertises it, whatever `aeadProtect` says,
    // and gpg 2.2 cannot read SEIPDv2 (reliability-notes §7 case F).
    const { selfCertification } = await key.getPrimaryUser(date, undefined, gpgCompatibleConfig);
    const features = selfCertification.features?.[0] ?? 0;
    if ((features & FEATURE_SEIPD_V2) !== 0) {
      return {
        kind: 'incompatible',
        reason:
          'it advertises SEIPDv2 (RFC 9580 AEAD) support, so OpenPGP.js would write a message gpg 2.2 cannot ' +
          'decrypt (regenerate it without OpenPGP.js `config.aeadProtect`, or with gpg)',
      };
    }
  }

  const expiry = await key.getExpirationTime(undefined, gpgCompatibleConfig);
  return {
    kind: 'compatible',
    usedKey,
    algorithm: describeAlgorithm(usedKey),
    expiresAt: expiry instanceof Date ? expiry : null,
  };
}

function checkAlgorithm(key: Key | Subkey, role: string): string | undefined {
  const packet = key.keyPacket;
  if (packet.version !== 4) {
    return `its ${role} is a v${packet.version} key packet; gpg 2.2 reads only v4`;
  }
  const algorithm = packet.algorithm;
  const name = describeAlgorithm(key);
  if (RFC9580_ALGORITHMS.has(algorithm)) {
    return (
      `its ${role} uses the RFC 9580 algorithm ${name} (id ${algorithm}), which gpg 2.2 cannot use; ` +
      'generate the key with the legacy Curve25519 ids instead (OpenPGP.js default `type: "ecc"`, or ' +
      '`gpg --quick-gen-key <uid> future-default`)'
    );
  }
  if (!GPG22_ALGORITHMS.has(algorithm)) {
    return `its ${role} uses ${name} (id ${algorithm}), which is not accepted for backups; use RSA (>= 3072 bits) or Ed25519/Cv25519 (legacy)`;
  }
  const { bits } = key.getAlgorithmInfo();
  if (isRsa(algorithm) && (bits ?? 0) < MIN_RSA_BITS) {
    return `its ${role} is RSA-${bits ?? '?'}, below the ${MIN_RSA_BITS}-bit minimum; use RSA-3072 or larger, or Cv25519`;
  }
  return undefined;
}

function isRsa(algorithm: enums.publicKey): boolean {
  return (
    algorithm === enums.publicKey.rsaEncryptSign ||
    algorithm === enums.publicKey.rsaEncrypt ||
    algorithm === enums.publicKey.rsaSign
  );
}

function describeAlgorithm(key: Key | Subkey): string {
  const info = key.getAlgorithmInfo();
  if (info.curve) return `${info.algorithm}/${info.curve}`;
  if (info.bits) return `${info.algorithm}-${info.bits}`;
  return info.algorithm;
}

function renewHint(error: unknown): string {
  const message = errorMessage(error);
  if (/expired/i.test(message))
    return 'extend its expiry with `gpg --quick-set-expire <fpr> <period>` and re-export it';
  if (/revoked/i.test(message)) return 'a revoked key must not receive backups; configure its replacement';
  return 'check the key with `gpg --show-keys`';
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
