import { type Config, config, enums } from 'openpgp';

/**
 * The OpenPGP.js settings every backup call uses, so that plain GnuPG 2.2 can read what we write
 * (reliability-notes §7): no v6 keys, no AEAD (SEIPDv2) packets or AEAD key protection, iterated-S2K
 * (not Argon2) passphrase protection, no unauthenticated (MDC-less) messages. A full `Config` (defaults
 * plus these), because Key methods use what they are given without merging defaults.
 */
export const gpgCompatibleConfig: Config = {
  ...config,
  v6Keys: false,
  aeadProtect: false,
  allowUnauthenticatedMessages: false,
  allowUnauthenticatedStream: false,
  s2kType: enums.s2k.iterated,
  preferredSymmetricAlgorithm: enums.symmetric.aes256,
  preferredHashAlgorithm: enums.hash.sha256,
  preferredCompressionAlgorithm: enums.compression.uncompressed,
  minRSABits: 2048,
};
