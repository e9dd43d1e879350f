import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AuditChainHead, buildAuditEvent } from '../../src/domain/build-audit-event.js';
import { canonicalJson } from '../../src/domain/canonical-json.js';
import type { Control, Probe, ProbeContext } from '../../src/evidence/probe.js';
import { runProbes } from '../../src/evidence/run-probes.js';
import { registerAuditVerifyCommand } from '../../src/main/audit-verify-command.js';
import { registerProbesCommand } from '../../src/main/probes-command.js';
import { TEST_HASH_KEY, writeAuditConfig } from '../audit/audit-test-keys.js';

/**
 * Long CLI commands show a progress line (step, count, elapsed) on a terminal, and nothing extra with
 * --json or when stdout is not a terminal: `audit verify` of a big file, `probes`.
 */

const EVENTS = 25_000;
let dir: string;
let config: string;
let exportPath: string;
let file: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'larkgate-cli-progress-'));
  file = join(dir, 'audit.jsonl');
  let head: AuditChainHead = { chain: 'worker-progress-a', seq: 0 };
  const lines: string[] = [];
  for (let i = 0; i < EVENTS; i++) {
    const event = buildAuditEvent(
      head,
      { type: 'op.queued', actor: 'ou_alice', requestId: `r-${i}`, details: { i } },
      new Date(Date.UTC(2026, 0, 1) + i),
      TEST_HASH_KEY,
    );
    head = { chain: event.chain, seq: event.seq, hash: event.hash };
    lines.push(canonicalJson(event));
  }
  await writeFile(file, `${lines.join('\n')}\n`);
  // No checkpoint held outside the log: the verdict is a finding, the same with or without the line.
  exportPath = join(dir, 'export.txt');
  await writeFile(exportPath, '');
  config = await writeAuditConfig(join(dir, 'config'), {
    file,
    stream: 'unused',
    redisUrl: 'redis://127.0.0.1:1',
  });
}, 60_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function verify(isTTY: boolean, extra: string[] = []) {
  const terminal: string[] = [];
  const out: string[] = [];
  let code = -1;
  const program = new Command('larkgate').exitOverride();
  registerAuditVerifyCommand(
    program,
    (exit) => {
      code = exit;
    },
    { out: (text) => void out.push(text), err: (text) => void out.push(text) },
    {},
    { isTTY, write: (text: string) => terminal.push(text) },
  );
  const args = ['--config', config, '--no-redis', '--checkpoint', exportPath, ...extra];
  await program.parseAsync(['audit', 'verify', ...args], { from: 'user' });
  return { code, out: out.join(''), terminal };
}

describe('audit verify of a big file', () => {
  it('shows how much of the file it has checked on a terminal, ending exact, and clears the line', async () => {
    const run = await verify(true);
    const kb = Math.round((await stat(file)).size / 1e3);
    expect(kb).toBeGreaterThan(0);
    expect(run.terminal.some((text) => text.includes(`checking file (KB): ${kb}/${kb} · `))).toBe(true);
    expect(run.terminal.at(-1)).toBe('\r\x1b[2K');
    expect(run.out).not.toContain('checking file');
  });

  it.each([
    ['with --json', true, ['--json']],
    ['when stdout is not a terminal', false, []],
  ])('writes nothing extra %s, and says the same', async (_name, isTTY, extra) => {
    const quiet = await verify(isTTY as boolean, extra as string[]);
    const shown = await verify(true, extra as string[]);
    expect(quiet.terminal).toEqual([]);
    expect(quiet.code).toBe(shown.code);
    expect(quiet.out).toBe(shown.out);
  });
});

describe('probes', () => {
  const probe = (id: string): Probe => ({
    id,
    seedClass: 'chat' as Probe['seedClass'],
    title: id,
    expect: ['refused'],
    run: async () => ({
      allowed: false,
      leaked: [],
      refusals: [{ code: 'refused', message: 'no' }],
    }),
  });
  const control: Control = {
    id: 'valid',
    title: 'valid',
    run: async () => ({ allowed: true, detail: 'ok' }),
  };
  const context = {} as ProbeContext;

  it('tells how many of the probes and controls have run, ending exact', async () => {
    const told: string[] = [];
    await runProbes(context, [probe('a'), probe('b'), probe('c')], [control], (step, done, total) =>
      told.push(`${step} ${done}/${total}`),
    );
    expect(told).toEqual([
      'probes 0/4',
      'probes 1/4',
      'probes 2/4',
      'probes: harness controls 3/4',
      'probes 4/4',
    ]);
  });

  it.each([
    ['the command shows the line on a terminal, ending exact', true, [], true],
    ['the command writes nothing extra with --json', true, ['--json'], false],
    ['the command writes nothing extra off a terminal', false, [], false],
  ])('%s', async (_name, isTTY, extra, shows) => {
    const terminal: string[] = [];
    const program = new Command('larkgate').exitOverride();
    registerProbesCommand(
      program,
      () => undefined,
      { out: () => undefined, err: () => undefined },
      (onProgress) => runProbes(context, [probe('a'), probe('b')], [control], onProgress),
      { isTTY: isTTY as boolean, write: (text: string) => terminal.push(text) },
    );
    await program.parseAsync(['probes', ...(extra as string[])], { from: 'user' });
    if (shows) {
      expect(terminal.some((text) => text.includes('probes: 3/3 · '))).toBe(true);
      expect(terminal.at(-1)).toBe('\r\x1b[2K');
    } else expect(terminal).toEqual([]);
  });
});
