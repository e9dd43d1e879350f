import { type Config, config, enums } from 'openpgp';

/**
 * The OpenPGP.js settings every backup call uses, so that plain GnuPG 2.2 can read what we write
 * (reliability-notes §7): no v6 keys, no AEAD (SEIPDv2) packets or AEAD key protection, iterated-S2K
 * (not Argon2) passphrase protection, no unauthenticated (MDC-less) messages, zlib compression. A full `Config` (defaults
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
  // zlib (RFC 1950), which gpg reads: a before-state is JSON, ~5-15x smaller compressed, and no slower to
  // encrypt (bench/backup-encrypt.ts). Used when every recipient key lists it, as gpg-made keys do.
  preferredCompressionAlgorithm: enums.compression.zlib,
  // Bounds what a forged, highly compressed message can make decrypt allocate.
  maxDecompressedMessageSize: 512 * 1024 * 1024,
  minRSABits: 2048,
};
