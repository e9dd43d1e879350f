import { existsSync } from 'node:fs';
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { createInterface } from 'node:readline/promises';
import type { Command } from 'commander';
import { findRepoDir } from '../platform/find-repo-dir.js';
import {
  buildStarterConfig,
  larkSecretFile,
  type StarterAnswers,
  type StarterBase,
} from './build-starter-config.js';
import { type CommandOutput, processOutput } from './command-output.js';
import { EXIT } from './exit-codes.js';
import { writeInitKeys } from './write-init-keys.js';

/** Asks one question; null when there is nobody to ask (stdin is not a terminal). */
export type Ask = ((question: string) => Promise<string>) | null;

type InitOptions = {
  dir: string;
  appId?: string;
  domain?: string;
  requestsChat: string[];
  auditChat?: string;
  oncallChat?: string;
  base: string[];
  sandbox?: string;
  approver: string[];
  redisUrl?: string;
  varDir?: string;
  larkSecrets: string;
  force?: boolean;
};

const APP_ID = /^cli_[0-9a-zA-Z]{16}$/;
const CHAT_ID = /^oc_[A-Za-z0-9_]+$/;
const OPEN_ID = /^ou_[A-Za-z0-9_]+$/;
const BASE_SPEC = /^([a-z][a-z0-9-]{0,30})=([A-Za-z0-9]{10,100}):(.+)$/;
const LARK_SECRETS = ['LARK_APP_SECRET', 'LARK_ENCRYPT_KEY', 'LARK_VERIFICATION_TOKEN'];
const collect = (value: string, previous: string[]) => [...previous, value];

/**
 * `larkgate init`: a starter larkgate.yaml from flags (or, at a terminal, answers), the generated keys in
 * keys/ (0600, git-ignored), the policy files beside it, and the next steps. Never writes a secret into the
 * YAML. Exit 2 for a bad flag or an existing config without --force.
 */
export function registerInitCommand(
  program: Command,
  setExit: (code: number) => void,
  output: CommandOutput = processOutput,
  ask: Ask = process.stdin.isTTY ? terminalAsk : null,
): void {
  program
    .command('init')
    .description('write a starter larkgate.yaml and generate the backup and audit keys')
    .option('--dir <dir>', 'where to write larkgate.yaml and keys/', 'config')
    .option('--app-id <cli_…>', 'the app id (developer console → Credentials & Basic Info)')
    .option('--domain <domain>', 'feishu, lark, or a URL (the emulator)')
    .option('--requests-chat <oc_…>', 'a chat where people ask (repeat for more)', collect, [])
    .option('--audit-chat <oc_…>', 'the chat that gets one line per applied change')
    .option('--oncall-chat <oc_…>', 'the chat that gets pages')
    .option(
      '--base <alias=app_token:Table,Table>',
      'a Base and the tables Larkgate may touch (repeat)',
      collect,
      [],
    )
    .option('--sandbox <alias=app_token:Table>', 'a staging Base for rollback drills (L2 and up need one)')
    .option('--approver <ou_…>', 'who may approve (repeat)', collect, [])
    .option('--redis-url <url>', 'a Redis URL without a password (default: secret://env/REDIS_URL)')
    .option('--var-dir <dir>', 'where the audit log and backups go (the image: /app/var)')
    .option(
      '--lark-secrets <where>',
      "Lark's three secrets: env (LARK_* variables) or files (keys/lark-*, for Docker)",
      'env',
    )
    .option('--force', 'overwrite an existing larkgate.yaml (keys are never overwritten)')
    .action(async (opts: InitOptions) => {
      setExit(await runInit(opts, output, ask));
    });
}

async function runInit(opts: InitOptions, output: CommandOutput, ask: Ask): Promise<number> {
  const dir = resolve(opts.dir);
  const configPath = join(dir, 'larkgate.yaml');
  const fail = (message: string) => {
    output.err(`larkgate init: ${message}\n`);
    return EXIT.usage;
  };
  if (existsSync(configPath) && !opts.force) return fail(`${configPath} exists: pass --force to replace it`);

  const appId = opts.appId ?? (ask ? (await ask('App id (cli_…): ')).trim() : '');
  if (!APP_ID.test(appId)) return fail('--app-id: an app id looks like cli_ followed by 16 characters');
  const domain =
    opts.domain ?? (ask ? (await ask('Domain, feishu or lark [feishu]: ')).trim() || 'feishu' : 'feishu');
  if (!['feishu', 'lark'].includes(domain) && !/^https?:\/\//.test(domain)) {
    return fail('--domain: feishu, lark, or an http(s) URL');
  }
  for (const chat of [...opts.requestsChat, opts.auditChat, opts.oncallChat]) {
    if (chat !== undefined && !CHAT_ID.test(chat)) return fail(`${chat}: a chat id looks like oc_xxx`);
  }
  for (const person of opts.approver) {
    if (!OPEN_ID.test(person)) return fail(`${person}: an open_id looks like ou_xxx`);
  }
  const bases: StarterBase[] = [];
  for (const spec of opts.base) {
    const base = parseBaseSpec(spec);
    if (!base)
      return fail(`--base ${spec}: write alias=app_token:Table[,Table…] (alias: lower-case, digits, dashes)`);
    bases.push(base);
  }
  const sandbox = opts.sandbox === undefined ? null : parseBaseSpec(opts.sandbox);
  if (opts.sandbox !== undefined && !sandbox)
    return fail(`--sandbox ${opts.sandbox}: write alias=app_token:Table`);
  if (opts.redisUrl !== undefined && !/^rediss?:\/\/[^@]*$/.test(opts.redisUrl)) {
    return fail('--redis-url: redis:// or rediss:// without a password (put one in REDIS_URL instead)');
  }

  if (opts.larkSecrets !== 'env' && opts.larkSecrets !== 'files') return fail('--lark-secrets: env or files');
  const answers: StarterAnswers = {
    appId,
    domain,
    requestsChats: opts.requestsChat,
    auditChat: opts.auditChat ?? null,
    oncallChat: opts.oncallChat ?? null,
    bases,
    sandbox,
    approvers: opts.approver,
    redisUrl: opts.redisUrl ?? null,
    larkSecrets: opts.larkSecrets,
    varDir: opts.varDir ?? (relative(dir, resolve('var')) || '.'),
  };
  await mkdir(dir, { recursive: true });
  const keysDir = join(dir, 'keys');
  const keysExist = existsSync(join(keysDir, 'larkgate-backup.key.asc'));
  const keys = keysExist
    ? null
    : await writeInitKeys(keysDir, { name: 'Larkgate backups', email: `${appId}@larkgate.invalid` });
  const secretFiles = LARK_SECRETS.map((name) => join(dir, larkSecretFile(name)));
  if (answers.larkSecrets === 'files') {
    // Empty until the operator pastes each value in: `config check` names an empty one.
    await mkdir(keysDir, { recursive: true, mode: 0o700 });
    for (const path of secretFiles) {
      if (!existsSync(path)) await writeFile(path, '', { mode: 0o600 });
    }
  }
  const repoConfig = join(findRepoDir(import.meta.dirname), 'config');
  for (const name of ['allowed_endpoints.yaml', 'lark-api-limits.yaml']) {
    if (!existsSync(join(dir, name))) await copyFile(join(repoConfig, name), join(dir, name));
  }
  await writeFile(configPath, buildStarterConfig(answers), { mode: 0o644 });

  const shown = relative(process.cwd(), configPath) || configPath;
  const keysShown = relative(process.cwd(), keysDir) || keysDir;
  output.out(
    [
      `Wrote ${shown}`,
      keys
        ? `Generated keys in ${keysShown}/ (mode 0600, git-ignored): the backup key pair (fingerprint ${keys.backupFingerprint}), the audit checkpoint key pair, the audit hash and fingerprint keys.`
        : `Kept the keys already in ${keysShown}/.`,
      '',
      "Backups are encrypted to every key in backup.recipients. Add your operators' own key (kept offline):",
      `  gpg --armor --export <your key fingerprint> > ${keysShown}/ops-backup.pub.asc   # then list it in backup.recipients`,
      "To restore by hand with gpg (docs/runbooks/restore.md), import Larkgate's backup key where you decrypt:",
      `  gpg --import ${keysShown}/larkgate-backup.key.asc`,
      '',
      'Next (docs/setup-lark-app.md):',
      answers.larkSecrets === 'files'
        ? `  put the App Secret, Encrypt Key and Verification Token in ${secretFiles.map((path) => relative(process.cwd(), path)).join(', ')}`
        : '  export LARK_APP_SECRET=… LARK_ENCRYPT_KEY=… LARK_VERIFICATION_TOKEN=…',
      ...(answers.redisUrl ? [] : ['  export REDIS_URL=redis://…']),
      `  larkgate lark whoami --config ${shown}`,
      `  larkgate lark chats --config ${shown}`,
      `  larkgate lark base <Base link> --config ${shown}`,
      `  larkgate config check --config ${shown}`,
      '',
    ].join('\n'),
  );
  return EXIT.ok;
}

function parseBaseSpec(spec: string): StarterBase | null {
  const match = BASE_SPEC.exec(spec);
  if (!match) return null;
  const [, alias, appToken, tables] = match as unknown as [string, string, string, string];
  const names = tables
    .split(',')
    .map((table) => table.trim())
    .filter((table) => table !== '');
  return names.length === 0 ? null : { alias, appToken, tables: names };
}

async function terminalAsk(question: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return await rl.question(question);
  } finally {
    rl.close();
  }
}
