import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import { parseConfigFile } from '../config/parse-config-file.js';
import { resolveSecret } from '../config/resolve-secret.js';
import type { Secret } from '../config/secret.js';
import { SecretRef } from '../config/secret-ref.js';
import type { LarkDomain } from '../lark/create-lark-client.js';

/** Only the `app:` keys a Lark call needs; the rest of the file may still be unfinished. */
const LarkAppSection = z.looseObject({
  app: z.looseObject({
    app_id: z
      .string()
      .regex(/^cli_[0-9a-zA-Z]{16}$/, { message: 'an app id looks like cli_ followed by 16 characters' }),
    app_secret: SecretRef,
    domain: z.union([z.enum(['feishu', 'lark']), z.url({ protocol: /^https?$/ })]),
  }),
});

export type LarkApp = { appId: string; appSecret: Secret; domain: LarkDomain };

/**
 * The app's id, secret and domain from a larkgate.yaml, for the set-up commands: they run while the rest of
 * the file (chats, bases) is still being filled in, so only `app:` is checked here. Throws a ConfigError.
 */
export async function readLarkApp(
  path: string,
  env: Readonly<Record<string, string | undefined>>,
): Promise<LarkApp> {
  const file = resolve(path);
  const { app } = await parseConfigFile(file, LarkAppSection);
  const appSecret = await resolveSecret(
    app.app_secret,
    { env, baseDir: dirname(file) },
    file,
    'app.app_secret',
  );
  return { appId: app.app_id, appSecret, domain: app.domain };
}
