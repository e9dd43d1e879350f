import { execFileSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { type Emulator, startEmulator } from '../../emulator/create-emulator.js';
import { loadSeedFile } from '../../emulator/seed.js';
import { encryptBackup } from '../../src/backup/encrypt-backup.js';
import { parseRecipientKeys } from '../../src/backup/parse-recipient-keys.js';
import { registerConfigCheckCommand } from '../../src/main/config-check-command.js';
import { registerInitCommand } from '../../src/main/init-command.js';
import { registerLarkBaseCommand } from '../../src/main/lark-base-command.js';
import { registerLarkChatsCommand } from '../../src/main/lark-chats-command.js';
import { registerLarkWhoamiCommand } from '../../src/main/lark-whoami-command.js';
import { useGpgHome } from '../helpers/gpg.js';
import { type Register, runCommand } from '../helpers/run-command.js';

// docs/setup-lark-app.md, followed against the emulator: init, the discovery commands, config check.
const CONFIG_DIR = join(import.meta.dirname, '../../config');
const gpg = await useGpgHome();
const init: Register = (program, setExit, output) => registerInitCommand(program, setExit, output, null);

let emulator: Emulator;
let dir: string;
let configPath: string;
const savedEnv = { ...process.env };

beforeAll(async () => {
  const seed = await loadSeedFile(join(CONFIG_DIR, 'emulator/demo-seed.yaml'));
  emulator = await startEmulator(seed);
  dir = await mkdtemp(join(tmpdir(), 'larkgate-setup-'));
  configPath = join(dir, 'config/larkgate.yaml');
  // Step 6 of the guide: the three Lark secrets and Redis come from the environment.
  process.env.LARK_APP_SECRET = seed.app.app_secret;
  process.env.LARK_ENCRYPT_KEY = seed.app.encrypt_key;
  process.env.LARK_VERIFICATION_TOKEN = seed.app.verification_token;
  process.env.REDIS_URL = 'redis://127.0.0.1:6379';
});

afterAll(async () => {
  process.env = savedEnv;
  await emulator?.close();
});

describe('setting up a new tenant (docs/setup-lark-app.md)', () => {
  it('init writes a starter config with references only, and keys 0600 in a git-ignored keys/', async () => {
    const result = await runCommand(init, [
      'init',
      '--dir',
      join(dir, 'config'),
      '--app-id',
      'cli_a1b2c3d4e5f60718',
      '--domain',
      emulator.url,
      '--var-dir',
      join(dir, 'var'),
    ]);

    expect(result.code).toBe(0);
    expect(result.out).toMatch(/gpg --import \S*config\/keys\/larkgate-backup\.key\.asc/);
    const yamlText = await readFile(configPath, 'utf8');
    const keysDir = join(dir, 'config/keys');
    expect(((await stat(keysDir)).mode & 0o777).toString(8)).toBe('700');
    for (const name of await readdir(keysDir)) {
      expect(((await stat(join(keysDir, name))).mode & 0o777).toString(8)).toBe('600');
      // The longest line of each key file (the base64 body, the hex key) appears nowhere in the YAML.
      const lines = (await readFile(join(keysDir, name), 'utf8')).split('\n');
      const body = lines.reduce((longest, line) => (line.length > longest.length ? line : longest), '');
      if (name !== '.gitignore') expect(yamlText).not.toContain(body);
    }
    const config = parse(yamlText);
    for (const value of [
      config.app.app_secret,
      config.app.encrypt_key,
      config.app.verification_token,
      config.audit.hash_key,
      config.audit.fingerprint_key,
      config.audit.checkpoint_key,
      config.backup.private_key,
      config.redis.url,
    ]) {
      expect(value).toMatch(/^secret:\/\/(env|file)\//);
    }
    execFileSync('git', ['init', '-q', dir]);
    const ignored = execFileSync('git', ['-C', dir, 'check-ignore', 'config/keys/audit-hash.key']).toString();
    expect(ignored.trim()).toBe('config/keys/audit-hash.key');
  });

  it('gpg can import the generated backup key and decrypt what Larkgate encrypts to it', async () => {
    const keysDir = join(dir, 'config/keys');
    const recipients = await parseRecipientKeys([
      await readFile(join(keysDir, 'larkgate-backup.pub.asc'), 'utf8'),
    ]);
    const ciphertext = await encryptBackup(new TextEncoder().encode('{"before":"state"}'), recipients);

    await gpg.importKey(await readFile(join(keysDir, 'larkgate-backup.key.asc'), 'utf8'));
    const decrypted = await gpg.decrypt(ciphertext);

    expect(decrypted.code).toBe(0);
    expect(decrypted.stdout.toString()).toBe('{"before":"state"}');
  });

  it('config check names every problem of the unfinished config and exits 2', async () => {
    const result = await runCommand(registerConfigCheckCommand, ['config', 'check', '--config', configPath]);

    expect(result.code).toBe(2);
    expect(result.out).toMatch(/PROBLEM {2}chats\.requests: /);
    expect(result.out).toMatch(/PROBLEM {2}chats\.audit: /);
    expect(result.out).toMatch(/PROBLEM {2}bases: configure at least one base/);
  });

  it('whoami reaches the app and the bot with only app: filled in', async () => {
    const result = await runCommand(registerLarkWhoamiCommand, ['lark', 'whoami', '--config', configPath]);

    expect(result.code).toBe(0);
    expect(result.out).toContain('Bot Larkgate, open_id ou_larkgate_bot');
    expect(result.out).toContain('unknown until it loads');
  });

  it('chats and base give the ids the config needs; init --force writes them and keeps the keys; check passes', async () => {
    const chats = JSON.parse(
      (await runCommand(registerLarkChatsCommand, ['lark', 'chats', '--config', configPath, '--json'])).out,
    ).chats as Array<{ chatId: string; name: string }>;
    const id = (name: string) => chats.find((chat) => chat.name === name)?.chatId ?? '';
    const base = JSON.parse(
      (
        await runCommand(registerLarkBaseCommand, [
          'lark',
          'base',
          'https://example.feishu.cn/base/CrmDemoBaseToken0000000000A',
          '--config',
          configPath,
          '--json',
        ])
      ).out,
    );
    expect(base.access).toEqual({ read: true, write: true });
    const keyBefore = await readFile(join(dir, 'config/keys/larkgate-backup.key.asc'), 'utf8');

    const again = await runCommand(init, [
      'init',
      '--dir',
      join(dir, 'config'),
      '--app-id',
      'cli_a1b2c3d4e5f60718',
      '--domain',
      emulator.url,
      '--var-dir',
      join(dir, 'var'),
      '--requests-chat',
      id('requests'),
      '--audit-chat',
      id('audit'),
      '--base',
      `crm=${base.appToken}:${base.tables.map((table: { name: string }) => table.name).join(',')}`,
      '--approver',
      'ou_bob',
      '--force',
    ]);
    expect(again.code).toBe(0);
    expect(again.out).toContain('Kept the keys');
    expect(await readFile(join(dir, 'config/keys/larkgate-backup.key.asc'), 'utf8')).toBe(keyBefore);

    const check = await runCommand(registerConfigCheckCommand, ['config', 'check', '--config', configPath]);
    expect(check.out).not.toContain('PROBLEM');
    expect(check.code).toBe(0);
    expect(check.out).toContain(': OK');

    const whoami = await runCommand(registerLarkWhoamiCommand, ['lark', 'whoami', '--config', configPath]);
    expect(whoami.code).toBe(0);
    expect(whoami.out).toMatch(/^ {2}ok +bitable:app:readonly \(through bitable:app\)$/m);
    expect(whoami.out).toMatch(/^ {2}ok +im:message:send_as_bot$/m);
  });

  it('init refuses to overwrite a config without --force', async () => {
    const result = await runCommand(init, [
      'init',
      '--dir',
      join(dir, 'config'),
      '--app-id',
      'cli_a1b2c3d4e5f60718',
    ]);

    expect(result.code).toBe(2);
    expect(result.err).toContain('exists: pass --force');
  });
});
