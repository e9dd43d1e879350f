import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { type Emulator, startEmulator } from '../../emulator/create-emulator.js';
import { type EmulatorSeed, loadSeedFile } from '../../emulator/seed.js';
import { registerLarkBaseCommand } from '../../src/main/lark-base-command.js';
import { registerLarkChatsCommand } from '../../src/main/lark-chats-command.js';
import { registerLarkWhoamiCommand } from '../../src/main/lark-whoami-command.js';
import { runCommand } from '../helpers/run-command.js';

const CONFIG_DIR = join(import.meta.dirname, '../../config');
const SECRET = 'discovery-test-secret';

let dir: string;
let emulator: Emulator;
let narrow: Emulator;

/** The example config, pointed at an emulator, the app secret in a file beside it. */
async function configFor(target: Emulator, secret = SECRET): Promise<string> {
  const doc = parseDocument(await readFile(join(CONFIG_DIR, 'larkgate.example.yaml'), 'utf8'));
  doc.setIn(['app', 'domain'], target.url);
  doc.setIn(['app', 'app_secret'], 'secret://file/app-secret');
  doc.setIn(['files'], {
    allowed_endpoints: join(CONFIG_DIR, 'allowed_endpoints.yaml'),
    lark_api_limits: join(CONFIG_DIR, 'lark-api-limits.yaml'),
  });
  const sub = await mkdtemp(join(dir, 'cfg-'));
  await writeFile(join(sub, 'app-secret'), `${secret}\n`);
  const path = join(sub, 'larkgate.yaml');
  await writeFile(path, doc.toString());
  return path;
}

async function seed(edit: (seed: EmulatorSeed) => void = () => undefined): Promise<EmulatorSeed> {
  const demo = await loadSeedFile(join(CONFIG_DIR, 'emulator/demo-seed.yaml'));
  demo.app.app_id = 'cli_a1b2c3d4e5f60718';
  demo.app.app_secret = SECRET;
  demo.chats.push(
    { chat_id: 'oc_left', name: 'the bot left', type: 'group', members: ['ou_bob'], bot_member: false },
    { chat_id: 'oc_evil', name: 'evil\u001b[2J\nname', type: 'group', members: ['ou_bob'], bot_member: true },
  );
  demo.bases[1] = { ...(demo.bases[1] as EmulatorSeed['bases'][number]), app_permission: 'read' };
  demo.bases[2] = { ...(demo.bases[2] as EmulatorSeed['bases'][number]), app_permission: 'none' };
  edit(demo);
  return demo;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'larkgate-discovery-'));
  emulator = await startEmulator(await seed());
  narrow = await startEmulator(
    await seed((demo) => {
      demo.app.scopes = ['bitable:app', 'contact:user.basic_profile:readonly', 'drive:drive'];
    }),
  );
});

afterAll(async () => {
  await emulator?.close();
  await narrow?.close();
});

describe('larkgate lark chats', () => {
  it('lists the group chats the bot is in, with ids, and shows a hostile chat name inert', async () => {
    const result = await runCommand(registerLarkChatsCommand, [
      'lark',
      'chats',
      '--config',
      await configFor(emulator),
    ]);

    expect(result.code).toBe(0);
    expect(result.out).toMatch(/^ {2}oc_requests +requests$/m);
    expect(result.out).toMatch(/^ {2}oc_audit +audit$/m);
    expect(result.out).not.toContain('oc_left');
    expect(result.out).not.toContain('\u001b');
    expect(result.out).toContain('evil⟨U+001B⟩[2J name');
  });

  it('answers JSON with every chat', async () => {
    const result = await runCommand(registerLarkChatsCommand, [
      'lark',
      'chats',
      '--config',
      await configFor(emulator),
      '--json',
    ]);

    const ids = JSON.parse(result.out).chats.map((chat: { chatId: string }) => chat.chatId);
    expect(ids).toEqual(['oc_requests', 'oc_audit', 'oc_oncall', 'oc_drills', 'oc_evil']);
  });

  it('says the app secret is refused, with what to check, and exits 1', async () => {
    const result = await runCommand(registerLarkChatsCommand, [
      'lark',
      'chats',
      '--config',
      await configFor(emulator, 'not-the-secret'),
    ]);

    expect(result.code).toBe(1);
    expect(result.err).toContain('check app.app_id and the app secret');
    expect(result.err).not.toContain('not-the-secret');
  });
});

describe('larkgate lark base', () => {
  it('shows the tables, fields and types of a Base from its link, and that the app can read and edit it', async () => {
    const result = await runCommand(registerLarkBaseCommand, [
      'lark',
      'base',
      'https://acme.feishu.cn/base/CrmDemoBaseToken0000000000A?table=tblTasks0000001&view=vewAbc',
      '--config',
      await configFor(emulator),
      '--json',
    ]);

    expect(result.code).toBe(0);
    const report = JSON.parse(result.out);
    expect(report).toMatchObject({ appToken: 'CrmDemoBaseToken0000000000A', name: 'CRM' });
    expect(report.access).toEqual({ read: true, write: true });
    expect(report.tables.map((table: { name: string }) => table.name)).toEqual(['Tasks']);
    expect(report.tables[0].fields.slice(0, 4)).toEqual([
      { name: 'Title', type: 1, typeName: 'text', primary: true, writable: true },
      { name: 'Status', type: 3, typeName: 'single select', primary: false, writable: true },
      { name: 'Points', type: 2, typeName: 'number', primary: false, writable: true },
      { name: 'Owner', type: 11, typeName: 'user', primary: false, writable: true },
    ]);
  });

  it('says when the app may read but not edit a Base', async () => {
    const result = await runCommand(registerLarkBaseCommand, [
      'lark',
      'base',
      'BillDemoBaseToken000000000B',
      '--config',
      await configFor(emulator),
    ]);

    expect(result.code).toBe(0);
    expect(result.out).toContain('the app can read: yes, can edit: no');
    expect(result.out).toContain('share the Base with the app as "can edit"');
  });

  it('exits 1 with how to share the Base when the app cannot read it', async () => {
    const result = await runCommand(registerLarkBaseCommand, [
      'lark',
      'base',
      'SbxDemoBaseToken0000000000C',
      '--config',
      await configFor(emulator),
    ]);

    expect(result.code).toBe(1);
    expect(result.err).toContain('1254302');
    expect(result.err).toContain('Add document app');
  });

  it('refuses a wiki link (its token is not the Base) with exit 2, calling nothing', async () => {
    const result = await runCommand(registerLarkBaseCommand, [
      'lark',
      'base',
      'https://acme.feishu.cn/wiki/WikiNodeToken000000000000',
      '--config',
      '/nonexistent.yaml',
    ]);

    expect(result.code).toBe(2);
    expect(result.err).toContain('a wiki link names the wiki page');
  });
});

describe('larkgate lark whoami', () => {
  it('names the app and the bot, and finds every needed scope granted', async () => {
    const result = await runCommand(registerLarkWhoamiCommand, [
      'lark',
      'whoami',
      '--config',
      await configFor(emulator),
    ]);

    expect(result.code).toBe(0);
    expect(result.out).toContain('App cli_a1b2c3d4e5f60718');
    expect(result.out).toContain('Bot Larkgate, open_id ou_larkgate_bot');
    expect(result.out).toMatch(/^ {2}ok +im:message:send_as_bot$/m);
    expect(result.out).not.toContain('MISSING');
  });

  it('names the missing scopes and the ones not needed, and exits 1', async () => {
    const result = await runCommand(registerLarkWhoamiCommand, [
      'lark',
      'whoami',
      '--config',
      await configFor(narrow),
      '--json',
    ]);

    expect(result.code).toBe(1);
    const report = JSON.parse(result.out);
    const missing = report.scopes.needed
      .filter((check: { status: string }) => check.status === 'missing')
      .map((check: { scope: string }) => check.scope);
    expect(missing).toEqual([
      'im:message:send_as_bot',
      'im:message.group_at_msg:readonly',
      'im:message.p2p_msg:readonly',
    ]);
    expect(report.scopes.extra).toEqual(['drive:drive']);
  });
});
