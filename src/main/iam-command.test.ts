import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { runCommand } from '../../test/helpers/run-command.js';
import { registerIamCommand } from './iam-command.js';

const CONFIG_DIR = join(import.meta.dirname, '../../config');

async function config(
  edit: (doc: ReturnType<typeof parseDocument>) => void = () => undefined,
): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'larkgate-iam-'));
  const doc = parseDocument(await readFile(join(CONFIG_DIR, 'larkgate.example.yaml'), 'utf8'));
  doc.setIn(['files'], {
    allowed_endpoints: join(CONFIG_DIR, 'allowed_endpoints.yaml'),
    lark_api_limits: join(CONFIG_DIR, 'lark-api-limits.yaml'),
  });
  edit(doc);
  const path = join(dir, 'larkgate.yaml');
  await writeFile(path, doc.toString());
  return path;
}

describe('larkgate iam', () => {
  it('asks for Base edit, people names, sending as the bot and the two message events, nothing else, for the example config', async () => {
    const result = await runCommand(registerIamCommand, ['iam', '--config', await config(), '--json']);

    expect(result.code).toBe(0);
    const plan = JSON.parse(result.out);
    expect(plan.grant.map((grant: { scope: string }) => grant.scope)).toEqual([
      'bitable:app',
      'contact:user.basic_profile:readonly',
      'im:message:send_as_bot',
      'im:message.group_at_msg:readonly',
      'im:message.p2p_msg:readonly',
    ]);
    expect(plan.unknown).toEqual([]);
    expect(plan.bases).toContainEqual({ alias: 'crm', access: 'edit', why: 'live stage: approved writes' });
  });

  it('asks only for read scopes while no base writes, and no DM scope when DMs are off', async () => {
    const path = await config((doc) => {
      for (let index = 0; index < 3; index++) doc.setIn(['bases', index, 'stage'], 'read-only');
      doc.setIn(['bases', 2, 'staging'], false);
      doc.deleteIn(['bases', 1, 'limited']);
      doc.setIn(['chats', 'allow_direct_messages'], false);
    });

    const result = await runCommand(registerIamCommand, ['iam', '--config', path]);

    expect(result.code).toBe(0);
    expect(result.out).toContain('  bitable:app:readonly');
    expect(result.out).not.toMatch(/^ {2}bitable:app /m);
    expect(result.out).not.toContain('im:message.p2p_msg:readonly');
    expect(result.out).toMatch(/^ {2}im:message:send_as_bot /m); // cards and replies from dry-run on
    expect(result.out).toContain(
      'bitable.record.update: no base is in the limited or live stage: grant it when one is promoted',
    );
    expect(result.out).toContain('  crm: read (read-only stage: reads only)');
  });

  it('exits 2 on a config error', async () => {
    const path = await config((doc) => doc.setIn(['app', 'app_secret'], 'literal'));

    const result = await runCommand(registerIamCommand, ['iam', '--config', path]);

    expect(result.code).toBe(2);
    expect(result.err).toContain('app.app_secret: a literal secret is not allowed here');
  });
});
