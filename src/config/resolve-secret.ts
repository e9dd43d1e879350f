import { readFile } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { ConfigError } from './config-error.js';
import { Secret } from './secret.js';
import { parseSecretRef } from './secret-ref.js';

export type SecretSources = {
  env: Readonly<Record<string, string | undefined>>;
  /** Relative secret://file/ paths resolve against this folder (the config file's). */
  baseDir: string;
};

/** Resolves one secret:// reference; a missing or empty value is a config error naming the key. */
export async function resolveSecret(
  ref: string,
  sources: SecretSources,
  file: string,
  key: string,
): Promise<Secret> {
  const parsed = parseSecretRef(ref);
  if (!parsed)
    throw new ConfigError(
      file,
      key,
      'expected secret://env/NAME or secret://file/PATH',
      'config.literal_secret',
    );
  if (parsed.source === 'env') {
    const value = sources.env[parsed.name];
    if (value === undefined || value === '') {
      throw new ConfigError(
        file,
        key,
        `environment variable ${parsed.name} is not set (referenced as ${ref})`,
        'config.secret_unresolved',
      );
    }
    return new Secret(value, ref);
  }
  const path = isAbsolute(parsed.path) ? parsed.path : resolve(sources.baseDir, parsed.path);
  let value: string;
  try {
    value = (await readFile(path, 'utf8')).replace(/\r?\n$/, '');
  } catch (error) {
    throw new ConfigError(
      file,
      key,
      `cannot read secret file ${path}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`,
      'config.secret_unresolved',
    );
  }
  if (value === '')
    throw new ConfigError(file, key, `secret file ${path} is empty`, 'config.secret_unresolved');
  return new Secret(value, ref);
}
