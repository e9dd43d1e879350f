import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { type Register, runCommand } from '../../test/helpers/run-command.js';
import { type Ask, registerInitCommand } from './init-command.js';

const withAnswers =
  (answers: string[], asked: string[] = []): Register =>
  (program, setExit, output) => {
    const ask: Ask = async (question) => {
      asked.push(question);
      return answers.shift() ?? '';
    };
    registerInitCommand(program, setExit, output, ask);
  };

describe('larkgate init', () => {
  it('asks at a terminal for what the flags left out, and writes the answers', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'larkgate-init-'));
    const asked: string[] = [];

    const result = await runCommand(withAnswers(['cli_0123456789abcdef', 'lark'], asked), [
      'init',
      '--dir',
      dir,
    ]);

    expect(result.code).toBe(0);
    expect(asked).toEqual(['App id (cli_…): ', 'Domain, feishu or lark [feishu]: ']);
    const config = parse(await readFile(join(dir, 'larkgate.yaml'), 'utf8'));
    expect(config.app).toMatchObject({ app_id: 'cli_0123456789abcdef', domain: 'lark' });
  });

  it.each([
    [['--app-id', 'cli_short'], 'an app id looks like cli_'],
    [['--app-id', 'cli_0123456789abcdef', '--requests-chat', 'requests'], 'a chat id looks like oc_'],
    [
      ['--app-id', 'cli_0123456789abcdef', '--base', 'CRM=tok'],
      '--base CRM=tok: write alias=app_token:Table',
    ],
    [['--app-id', 'cli_0123456789abcdef', '--redis-url', 'redis://:pw@host:6379'], 'without a password'],
    [['--app-id', 'cli_0123456789abcdef', '--lark-secrets', 'vault'], '--lark-secrets: env or files'],
  ])('refuses %j with exit 2, writing nothing', async (args, message) => {
    const dir = await mkdtemp(join(tmpdir(), 'larkgate-init-'));

    const result = await runCommand(withAnswers([]), ['init', '--dir', dir, ...args]);

    expect(result.code).toBe(2);
    expect(result.err).toContain(message);
    await expect(readFile(join(dir, 'larkgate.yaml'), 'utf8')).rejects.toThrow();
  });
});
