import { ConfigError } from '../config/config-error.js';
import type { Secret } from '../config/secret.js';

export type AppSecretChoice = { secret: Secret; which: 'current' | 'previous' };

/**
 * Which app secret to run with during a rotation (docs/runbooks/rotate-secrets.md): the current one if
 * Lark accepts it; else, only while the overlap lasts (`now < validUntilMs`), the previous one; never the
 * previous one after. `accepts` asks Lark for a tenant token with the secret. Neither accepted: a config
 * error, nothing starts.
 */
export async function selectAppSecret(input: {
  current: Secret;
  previous: Secret | null;
  validUntilMs: number;
  now: number;
  accepts: (secret: Secret) => Promise<boolean>;
  file: string;
}): Promise<AppSecretChoice> {
  if (await input.accepts(input.current)) return { secret: input.current, which: 'current' };
  const inOverlap = input.previous !== null && input.now < input.validUntilMs;
  if (inOverlap && input.previous && (await input.accepts(input.previous))) {
    return { secret: input.previous, which: 'previous' };
  }
  throw new ConfigError(
    input.file,
    'app.app_secret',
    inOverlap
      ? 'Lark accepts neither the current nor the previous app secret'
      : input.previous
        ? 'Lark does not accept the current app secret, and the previous one is past previous_valid_until: it is refused'
        : 'Lark does not accept the app secret',
    'config.app_secret_refused',
  );
}
