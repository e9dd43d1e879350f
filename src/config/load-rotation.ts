import { ConfigError } from './config-error.js';
import type { LoadedConfig } from './load-config.js';
import { resolveSecret } from './resolve-secret.js';
import type { Secret } from './secret.js';

/** The longest overlap a rotation may ask for: old secrets must not linger. */
export const MAX_ROTATION_OVERLAP_DAYS = 7;

/** The secrets being retired and when they stop being accepted. */
export type Rotation = {
  appSecret: Secret | null;
  encryptKey: Secret | null;
  validUntilMs: number;
};

/**
 * Resolves `app.app_secret_previous` / `app.encrypt_key_previous` (docs/runbooks/rotate-secrets.md). None
 * configured: null. An overlap ending more than 7 days after `now` is a config error (bounded overlap);
 * one already over is returned as is: every use checks `validUntilMs`, so the old secrets are refused.
 */
export async function loadRotation(
  loaded: LoadedConfig,
  env: Readonly<Record<string, string | undefined>>,
  now: number,
): Promise<Rotation | null> {
  const { app } = loaded.config;
  if (app.previous_valid_until === undefined) return null;
  const validUntilMs = Date.parse(app.previous_valid_until);
  if (validUntilMs - now > MAX_ROTATION_OVERLAP_DAYS * 24 * 3600_000) {
    throw new ConfigError(
      loaded.path,
      'app.previous_valid_until',
      `the overlap may last at most ${MAX_ROTATION_OVERLAP_DAYS} days: end it by ${new Date(now + MAX_ROTATION_OVERLAP_DAYS * 24 * 3600_000).toISOString()}`,
      'config.rotation_overlap_too_long',
    );
  }
  const sources = { env, baseDir: loaded.dir };
  return {
    appSecret: app.app_secret_previous
      ? await resolveSecret(app.app_secret_previous, sources, loaded.path, 'app.app_secret_previous')
      : null,
    encryptKey: app.encrypt_key_previous
      ? await resolveSecret(app.encrypt_key_previous, sources, loaded.path, 'app.encrypt_key_previous')
      : null,
    validUntilMs,
  };
}
