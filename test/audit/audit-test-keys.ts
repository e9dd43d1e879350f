import { generateKeyPairSync } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { buildAuditHashKey } from '../../src/domain/audit-event.js';

const CONFIG_DIR = join(import.meta.dirname, '../../config');

/** The audit hash key the tests write and verify with (at least 16 bytes, as the config requires). */
export const TEST_HASH_KEY_TEXT = 'larkgate-test-audit-hash-key-0001';
export const TEST_HASH_KEY = buildAuditHashKey(TEST_HASH_KEY_TEXT);
/** The checkpoint signing key pair of the tests. */
export const TEST_CHECKPOINT_KEYS = generateKeyPairSync('ed25519');

/**
 * A larkgate.yaml (the example, with this test's audit file, stream, Redis and keys) in `dir`, for
 * `audit verify --config`, as an operator's would be. Returns its path.
 */
export async function writeAuditConfig(
  dir: string,
  audit: { file: string; stream: string; redisUrl: string; hashKey?: string },
): Promise<string> {
  await mkdir(join(dir, 'secrets'), { recursive: true });
  await writeFile(join(dir, 'secrets', 'hash_key'), audit.hashKey ?? TEST_HASH_KEY_TEXT, { mode: 0o600 });
  await writeFile(
    join(dir, 'secrets', 'checkpoint_key'),
    TEST_CHECKPOINT_KEYS.privateKey.export({ type: 'pkcs8', format: 'pem' }),
    { mode: 0o600 },
  );
  await writeFile(
    join(dir, 'checkpoint.pub.pem'),
    TEST_CHECKPOINT_KEYS.publicKey.export({ type: 'spki', format: 'pem' }),
  );
  const config = parse(await readFile(join(CONFIG_DIR, 'larkgate.example.yaml'), 'utf8')) as Record<
    string,
    Record<string, unknown>
  >;
  config.redis = { url: audit.redisUrl, prefix: 'larkgate' };
  config.audit = {
    ...config.audit,
    file: audit.file,
    stream: audit.stream,
    hash_key: 'secret://file/secrets/hash_key',
    checkpoint_key: 'secret://file/secrets/checkpoint_key',
    checkpoint_public_key: 'checkpoint.pub.pem',
  };
  config.files = {
    allowed_endpoints: join(CONFIG_DIR, 'allowed_endpoints.yaml'),
    lark_api_limits: join(CONFIG_DIR, 'lark-api-limits.yaml'),
  };
  const path = join(dir, 'larkgate.yaml');
  await writeFile(path, stringify(config));
  return path;
}
