import { constants } from 'node:fs';
import { access, readFile, stat } from 'node:fs/promises';
import { dirname, isAbsolute, resolve } from 'node:path';
import { readPrivateKey } from 'openpgp';
import { parseDocument } from 'yaml';
import { parseRecipientKeys } from '../backup/parse-recipient-keys.js';
import { ConfigError } from '../config/config-error.js';
import { describeZodIssue } from '../config/describe-zod-issue.js';
import { LarkgateConfig } from '../config/larkgate-config.js';
import { loadAuditKeys } from '../config/load-audit-keys.js';
import { type LoadedConfig, loadConfig, resolveFrom } from '../config/load-config.js';
import { resolveSecret } from '../config/resolve-secret.js';
import { Secret } from '../config/secret.js';
import { parseSecretRef } from '../config/secret-ref.js';

/** One thing wrong (`problem`, the process would not start) or worth a look (`warning`). */
export type ConfigFinding = { level: 'problem' | 'warning'; key: string; message: string };

export type CheckConfigOptions = {
  env: Readonly<Record<string, string | undefined>>;
  /** Do not resolve secret:// references (checking a config on a machine that does not hold them). */
  skipSecrets?: boolean;
};

/**
 * Everything `serve` and `worker` check at start, without starting anything: every schema issue (not only
 * the first), the policy cross-checks, every secret reference, the audit keys, the backup keys, the folders
 * the process writes, and secret files others can read. Stops early only where the rest cannot be judged
 * (a file that is not YAML, a schema issue before the cross-checks).
 */
export async function checkConfig(path: string, options: CheckConfigOptions): Promise<ConfigFinding[]> {
  const file = resolve(path);
  const findings: ConfigFinding[] = [];
  const problem = (key: string, message: string) => findings.push({ level: 'problem', key, message });
  const warning = (key: string, message: string) => findings.push({ level: 'warning', key, message });

  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    problem('', `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
    return findings;
  }
  const document = parseDocument(text, { uniqueKeys: true, prettyErrors: true });
  if (document.errors.length > 0) {
    for (const error of document.errors) {
      const line = error.linePos?.[0];
      problem(line ? `line ${line.line}` : '', `not valid YAML: ${error.message.split('\n')[0]}`);
    }
    return findings;
  }
  const parsed = LarkgateConfig.safeParse(document.toJS());
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const described = describeZodIssue(issue);
      problem(described.key, described.problem);
    }
    return findings;
  }

  let loaded: LoadedConfig;
  try {
    loaded = await loadConfig(file);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    problem(error.key, `${error.file === file ? '' : `${error.file}: `}${error.problem}`);
    return findings;
  }
  const { config } = loaded;

  const refs = secretRefs(config);
  const secrets = new Map<string, Secret>();
  for (const [key, ref] of refs) {
    const source = parseSecretRef(ref);
    if (source?.source === 'file') {
      const secretPath = isAbsolute(source.path) ? source.path : resolve(loaded.dir, source.path);
      const mode = await stat(secretPath).then(
        (stats) => stats.mode & 0o777,
        () => null,
      );
      if (mode !== null && (mode & 0o077) !== 0) {
        warning(key, `${secretPath} is readable by others (mode ${mode.toString(8)}): chmod 600 it`);
      }
    }
    if (options.skipSecrets) continue;
    try {
      secrets.set(key, await resolveSecret(ref, { env: options.env, baseDir: loaded.dir }, file, key));
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      problem(key, error.problem);
    }
  }

  const hashKey = secrets.get('audit.hash_key');
  if (hashKey || options.skipSecrets) {
    try {
      const checkpointKey = secrets.get('audit.checkpoint_key');
      await loadAuditKeys(loaded, {
        // Without secrets only the public key is checked; the hash key length is then unknown.
        auditHashKey: hashKey ?? new Secret('x'.repeat(32), 'not resolved (--skip-secrets)'),
        ...(checkpointKey ? { checkpointKey } : {}),
      });
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      problem(error.key, error.problem);
    }
  }

  const recipients: string[] = [];
  for (const [index, recipient] of config.backup.recipients.entries()) {
    try {
      recipients.push(await readFile(resolveFrom(loaded.dir, recipient), 'utf8'));
    } catch {
      problem(`backup.recipients[${index}]`, `cannot read public key file ${recipient}`);
    }
  }
  let fingerprints: string[] = [];
  if (recipients.length === config.backup.recipients.length) {
    try {
      fingerprints = (await parseRecipientKeys(recipients)).map((key) => key.fingerprint);
    } catch (error) {
      problem('backup.recipients', (error as Error).message);
    }
  }
  const backupKey = secrets.get('backup.private_key');
  if (backupKey) {
    try {
      const key = await readPrivateKey({ armoredKey: backupKey.reveal() });
      const fingerprint = key.getFingerprint().toUpperCase();
      if (fingerprints.length > 0 && !fingerprints.includes(fingerprint)) {
        problem(
          'backup.private_key',
          `its public half (${fingerprint}) is not among backup.recipients: Larkgate could not read its own backups to roll back`,
        );
      }
    } catch {
      problem('backup.private_key', 'not an armored OpenPGP private key');
    }
  }

  for (const [key, target] of [
    ['audit.file', dirname(resolveFrom(loaded.dir, config.audit.file))],
    ['backup.dir', resolveFrom(loaded.dir, config.backup.dir)],
  ] as const) {
    const found = await checkWritable(target);
    if (found === 'not_writable') problem(key, `${target} exists but this user cannot write to it`);
    if (found === 'missing') {
      warning(
        key,
        `${target} does not exist here: it is created at start (fine if this config is for another machine or the container)`,
      );
    }
  }
  return findings;
}

/** Every secret:// reference the config holds, by key (redis.url only when it is a reference). */
function secretRefs(config: LarkgateConfig): Array<[string, string]> {
  const refs: Array<[string, string | undefined]> = [
    ['app.app_secret', config.app.app_secret],
    ['app.encrypt_key', config.app.encrypt_key],
    ['app.verification_token', config.app.verification_token],
    ['app.app_secret_previous', config.app.app_secret_previous],
    ['app.encrypt_key_previous', config.app.encrypt_key_previous],
    ['redis.url', config.redis.url?.startsWith('secret://') ? config.redis.url : undefined],
    ['audit.fingerprint_key', config.audit.fingerprint_key],
    ['audit.hash_key', config.audit.hash_key],
    ['audit.checkpoint_key', config.audit.checkpoint_key],
    ['backup.private_key', config.backup.private_key],
    ['backup.private_key_passphrase', config.backup.private_key_passphrase],
    ['monitoring.fallback_webhook.url', config.monitoring?.fallback_webhook?.url],
  ];
  return refs.filter((entry): entry is [string, string] => entry[1] !== undefined);
}

async function checkWritable(dir: string): Promise<'ok' | 'missing' | 'not_writable'> {
  try {
    await access(dir, constants.W_OK);
    return 'ok';
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing' : 'not_writable';
  }
}
