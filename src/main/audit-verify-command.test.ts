import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_CHECKPOINT_KEYS, writeAuditConfig } from '../../test/audit/audit-test-keys.js';
import { buildAuditLines } from '../../test/audit/build-audit-lines.js';
import { runAuditVerify } from '../../test/audit/run-audit-verify.js';
import type { AuditCheckpoint } from '../domain/audit-checkpoint.js';
import { canonicalJson } from '../domain/canonical-json.js';
import { getFreePort } from '../platform/get-free-port.js';
import { EXIT } from './exit-codes.js';

const A = 'serve-h-1-a';
const B = 'worker-h-2-b';
let dir: string;
let good: string;
let config: string;
/** The audit chat's checkpoint lines, as an operator exports them when Redis is down. */
let chat: string;
const log = buildAuditLines({
  chains: [A, B],
  order: [0, 0, 1, 0, 1, 1, 0, 1, 0, 0],
  signingKey: TEST_CHECKPOINT_KEYS.privateKey,
  checkpointEvery: 3,
  finalCheckpoints: true,
});
const checkpoints = log.events
  .filter((event) => event.type === 'audit.checkpoint')
  .map((event) => (event.details as { checkpoint: AuditCheckpoint }).checkpoint);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'larkgate-audit-cli-'));
  good = join(dir, 'good.jsonl');
  await writeFile(good, `${log.lines.join('\n')}\n`);
  config = await writeAuditConfig(dir, {
    file: good,
    stream: 'larkgate:audit',
    redisUrl: 'redis://127.0.0.1:1',
  });
  chat = join(dir, 'chat.txt');
  await writeFile(
    chat,
    checkpoints
      .map((c) => `audit checkpoint ${JSON.stringify({ ...c, sinks: ['file', 'stream'] })}\n`)
      .join(''),
  );
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function write(name: string, lines: readonly string[]): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, `${lines.join('\n')}\n`);
  return path;
}

/** Redis down: the file alone, against the audit chat's checkpoints (docs/runbooks/audit-verify.md). */
function verifyFile(path: string, ...more: string[]) {
  return runAuditVerify(['--config', config, '--file', path, '--no-redis', '--checkpoint', chat, ...more]);
}

describe('larkgate audit verify --no-redis', () => {
  it('exits 0 on a good file and says how many events it checked and which checkpoints it trusted', async () => {
    const result = await verifyFile(good);

    expect(result).toMatchObject({ code: EXIT.ok, err: '' });
    expect(result.out).toContain(`OK: ${log.lines.length} events in 2 chains (file)\n`);
    expect(result.out).toContain(`checkpoints from outside the log: ${checkpoints.length} (${chat})`);
    const lastA = checkpoints.filter((c) => c.chain === A).at(-1) as AuditCheckpoint;
    expect(result.out).toContain(
      `trusted: chain ${A} up to seq ${lastA.seq + 1} (signed checkpoint of seq ${lastA.seq}; ${chat} line ${checkpoints.indexOf(lastA) + 1}`,
    );
  });

  it('exits 1 on a tampered file, naming the line and seq of the first bad event', async () => {
    const index = log.events.findIndex((event) => event.chain === B && event.seq === 2);
    const tampered = log.lines.map((line, i) =>
      i === index ? canonicalJson({ ...JSON.parse(line), actor: 'ou_mallory' }) : line,
    );
    const path = await write('tampered.jsonl', tampered);

    const result = await verifyFile(path);

    expect(result.code).toBe(EXIT.failure);
    expect(result.out).toContain(
      `FAIL (file ${path}): first bad event: line ${index + 1}, chain ${B}, seq 2: hash_mismatch`,
    );
  });

  it('prints the finding as JSON with --json', async () => {
    const path = await write(
      'deleted.jsonl',
      log.lines.filter((_, i) => i !== 0),
    );

    const result = await verifyFile(path, '--json');

    expect(result.code).toBe(EXIT.failure);
    expect(JSON.parse(result.out)).toMatchObject({
      ok: false,
      sources: [{ sink: 'file', ok: false, firstBad: { chain: A, seq: 1, reason: 'missing' } }],
    });
  });

  it('catches a cut last line (exit 1, naming what is missing) and rejects a forged checkpoint', async () => {
    const truncated = await write('truncated.jsonl', log.lines.slice(0, -1));
    const forged = join(dir, 'forged.txt');
    const last = checkpoints.at(-1) as AuditCheckpoint;
    await writeFile(forged, `${JSON.stringify({ ...last, seq: 99 })}\n`);

    const cut = await verifyFile(truncated);
    const fake = await runAuditVerify(['--config', config, '--no-redis', '--checkpoint', forged]);

    expect(cut.code).toBe(EXIT.failure);
    expect(cut.out).toContain(
      `chain ${last.chain}, seq ${last.seq + 1}: truncated: the chain ends at seq ${last.seq}, before its signed checkpoint of seq ${last.seq}`,
    );
    expect(fake.code).toBe(EXIT.failure);
    expect(fake.out).toContain(`FAIL: checkpoint from ${forged} line 1: signature does not verify`);
  });

  it('fails a log that no checkpoint outside it covers: a cut tail could not be seen', async () => {
    const empty = join(dir, 'empty.txt');
    await writeFile(empty, '');

    const result = await runAuditVerify(['--config', config, '--no-redis', '--checkpoint', empty]);

    expect(result.code).toBe(EXIT.failure);
    expect(result.out).toContain('FAIL: no signed checkpoint outside the log');
  });

  it.each([
    [[], /give --config <larkgate.yaml>/],
    [['--config', '/nonexistent/larkgate.yaml'], /nonexistent\/larkgate.yaml/],
    [['--config', 'CONFIG', '--no-redis'], /--no-redis needs --checkpoint/],
    [
      ['--config', 'CONFIG', '--no-redis', '--checkpoint', '/nonexistent.txt'],
      /cannot read \/nonexistent.txt/,
    ],
    [
      ['--config', 'CONFIG', '--file', '/nonexistent/audit.jsonl', '--no-redis', '--checkpoint', 'CHAT'],
      /cannot read \/nonexistent\/audit.jsonl: ENOENT/,
    ],
  ])('exits 2 with a clear message for %j', async (args, message) => {
    const result = await runAuditVerify(
      args.map((arg) => (arg === 'CONFIG' ? config : arg === 'CHAT' ? chat : arg)),
    );

    expect(result.code).toBe(EXIT.usage);
    expect(result.out).toBe('');
    expect(result.err).toMatch(message);
  });

  it('exits 2 when Redis cannot be reached, without printing its password', async () => {
    const port = await getFreePort();

    const result = await runAuditVerify([
      '--config',
      config,
      '--redis',
      `redis://:hunter2-secret@127.0.0.1:${port}`,
    ]);

    expect(result.code).toBe(EXIT.usage);
    expect(result.err).toMatch(
      /cannot read the checkpoint anchor and stream from redis:\/\/:\*\*\*@127\.0\.0\.1/,
    );
    expect(result.err).not.toContain('hunter2');
  });
});
