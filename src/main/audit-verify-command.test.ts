import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAuditLines } from '../../test/audit/build-audit-lines.js';
import { runAuditVerify } from '../../test/audit/run-audit-verify.js';
import { signAuditCheckpoint } from '../domain/audit-checkpoint.js';
import { canonicalJson } from '../domain/canonical-json.js';
import { getFreePort } from '../platform/get-free-port.js';
import { EXIT } from './exit-codes.js';

const keys = generateKeyPairSync('ed25519');
const A = 'serve-h-1-a';
const B = 'worker-h-2-b';
let dir: string;
let good: string;
let publicKey: string;
const log = buildAuditLines({
  chains: [A, B],
  order: [0, 0, 1, 0, 1, 1, 0, 1, 0, 0],
  signingKey: keys.privateKey,
  checkpointEvery: 3,
});

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'larkgate-audit-cli-'));
  good = join(dir, 'good.jsonl');
  await writeFile(good, `${log.lines.join('\n')}\n`);
  publicKey = join(dir, 'audit.pub.pem');
  await writeFile(publicKey, keys.publicKey.export({ type: 'spki', format: 'pem' }));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function write(name: string, lines: readonly string[]): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, `${lines.join('\n')}\n`);
  return path;
}

function checkpointOf(index: number) {
  const event = log.events[index];
  if (!event) throw new Error('no such event');
  return signAuditCheckpoint(
    { chain: event.chain, seq: event.seq, hash: event.hash, ts: event.ts },
    keys.privateKey,
  );
}

describe('larkgate audit verify', () => {
  it('exits 0 on a good file and says how many events and chains it checked', async () => {
    const result = await runAuditVerify(['--file', good, '--public-key', publicKey]);

    expect(result).toEqual({
      code: EXIT.ok,
      out: `OK: ${log.lines.length} events in 2 chains (file)\n`,
      err: '',
    });
  });

  it('notes that checkpoint signatures went unchecked without a public key', async () => {
    const result = await runAuditVerify(['--file', good]);

    expect(result.code).toBe(EXIT.ok);
    expect(result.out).toContain('checkpoint signatures were not checked');
  });

  it('exits 1 on a tampered file, naming the line and seq of the first bad event', async () => {
    const index = log.events.findIndex((event) => event.chain === B && event.seq === 2);
    const tampered = log.lines.map((line, i) =>
      i === index ? canonicalJson({ ...JSON.parse(line), actor: 'ou_mallory' }) : line,
    );
    const path = await write('tampered.jsonl', tampered);

    const result = await runAuditVerify(['--file', path]);

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

    const result = await runAuditVerify(['--file', path, '--json']);

    expect(result.code).toBe(EXIT.failure);
    expect(JSON.parse(result.out)).toMatchObject({
      ok: false,
      sources: [{ sink: 'file', ok: false, firstBad: { chain: A, seq: 1, reason: 'missing' } }],
    });
  });

  it('catches a truncated tail against a trusted checkpoint, and rejects a forged one', async () => {
    const truncated = await write('truncated.jsonl', log.lines.slice(0, -1));
    const trusted = join(dir, 'trusted.jsonl');
    await writeFile(trusted, `${JSON.stringify(checkpointOf(log.events.length - 1))}\n`);
    const forged = join(dir, 'forged.jsonl');
    await writeFile(forged, `${JSON.stringify({ ...checkpointOf(log.events.length - 1), seq: 99 })}\n`);

    const cut = await runAuditVerify([
      '--file',
      truncated,
      '--public-key',
      publicKey,
      '--checkpoint',
      trusted,
    ]);
    const fake = await runAuditVerify(['--file', good, '--public-key', publicKey, '--checkpoint', forged]);
    const whole = await runAuditVerify(['--file', good, '--public-key', publicKey, '--checkpoint', trusted]);

    const last = log.events.at(-1);
    expect(cut.code).toBe(EXIT.failure);
    expect(cut.out).toContain(`chain ${last?.chain}, seq ${last?.seq}: truncated`);
    expect(fake.code).toBe(EXIT.failure);
    expect(fake.out).toContain('FAIL: trusted checkpoint on line 1: signature does not verify');
    expect(whole.code).toBe(EXIT.ok);
  });

  it.each([
    [[], /give --file <path>, --redis <url>, or both/],
    [['--file', '/nonexistent/audit.jsonl'], /cannot read \/nonexistent\/audit.jsonl: ENOENT/],
    [['--file', '.'], /cannot read \.: EISDIR/],
    [['--file', 'x', '--checkpoint', 'c.jsonl'], /--checkpoint needs --public-key/],
    [['--file', 'x', '--public-key', '/nonexistent.pem'], /cannot load the public key/],
  ])('exits 2 with a clear message for %j', async (args, message) => {
    const result = await runAuditVerify(args);

    expect(result.code).toBe(EXIT.usage);
    expect(result.out).toBe('');
    expect(result.err).toMatch(message);
  });

  it('exits 2 when Redis cannot be reached, without printing its password', async () => {
    const port = await getFreePort();

    const result = await runAuditVerify(['--redis', `redis://:hunter2-secret@127.0.0.1:${port}`]);

    expect(result.code).toBe(EXIT.usage);
    expect(result.err).toMatch(/cannot read the stream larkgate:audit from redis:\/\/:\*\*\*@127\.0\.0\.1/);
    expect(result.err).not.toContain('hunter2');
  });
});
