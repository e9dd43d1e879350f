import type { LoadedConfig } from '../config/load-config.js';
import { resolveSecret } from '../config/resolve-secret.js';
import type { Secret } from '../config/secret.js';

export type Secrets = {
  appSecret: Secret;
  encryptKey: Secret;
  verificationToken: Secret;
  auditKey: Secret;
  /** Keys the audit event hashes (audit.hash_key). */
  auditHashKey: Secret;
  /** Signs audit checkpoints. */
  checkpointKey: Secret;
  /** Larkgate's own backup key, for rollbacks; null when not configured. */
  backupKey: Secret | null;
  backupKeyPassphrase: Secret | null;
  /** Set when redis.url is a secret:// reference. */
  redisUrl: Secret | null;
  /** monitoring.fallback_webhook.url (webhook URLs embed their token); null when not configured. */
  fallbackWebhookUrl: Secret | null;
};

/** Resolves every secret:// reference in the config. A missing value stops the process (ConfigError). */
export async function loadSecrets(
  loaded: LoadedConfig,
  env: Readonly<Record<string, string | undefined>>,
): Promise<Secrets> {
  const sources = { env, baseDir: loaded.dir };
  const file = loaded.path;
  const { config } = loaded;
  return {
    appSecret: await resolveSecret(config.app.app_secret, sources, file, 'app.app_secret'),
    encryptKey: await resolveSecret(config.app.encrypt_key, sources, file, 'app.encrypt_key'),
    verificationToken: await resolveSecret(
      config.app.verification_token,
      sources,
      file,
      'app.verification_token',
    ),
    auditKey: await resolveSecret(config.audit.fingerprint_key, sources, file, 'audit.fingerprint_key'),
    auditHashKey: await resolveSecret(config.audit.hash_key, sources, file, 'audit.hash_key'),
    checkpointKey: await resolveSecret(config.audit.checkpoint_key, sources, file, 'audit.checkpoint_key'),
    backupKey: config.backup.private_key
      ? await resolveSecret(config.backup.private_key, sources, file, 'backup.private_key')
      : null,
    backupKeyPassphrase: config.backup.private_key_passphrase
      ? await resolveSecret(
          config.backup.private_key_passphrase,
          sources,
          file,
          'backup.private_key_passphrase',
        )
      : null,
    redisUrl: config.redis.url?.startsWith('secret://')
      ? await resolveSecret(config.redis.url, sources, file, 'redis.url')
      : null,
    fallbackWebhookUrl: config.monitoring?.fallback_webhook
      ? await resolveSecret(
          config.monitoring.fallback_webhook.url,
          sources,
          file,
          'monitoring.fallback_webhook.url',
        )
      : null,
  };
}
