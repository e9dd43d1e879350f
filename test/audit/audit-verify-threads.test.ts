// `larkgate audit verify` checks a large file's lines in worker threads (src/store/check-audit-file.ts). A
// worker is a fresh thread: it must start from the TypeScript sources (bin/larkgate.js through tsx) and from
// compiled JavaScript (the image runs dist/), and give the answers the in-thread check gives.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditCheckpoint } from '../../src/domain/audit-checkpoint.js';
import { canonicalJson } from '../../src/domain/canonical-json.js';
import { REPO_DIR } from '../../src/main/start-demo.js';
import { TEST_CHECKPOINT_KEYS, TEST_HASH_KEY_TEXT, writeAuditConfig } from './audit-test-keys.js';
import { buildAuditLines } from './build-audit-lines.js';

const run = promisify(execFile);
const BIN = join(REPO_DIR, 'bin/larkgate.js');
const A = 'serve-t-1-a';
const B = 'worker-t-2-b';
const log = buildAuditLines({
  chains: [A, B],
  order: Array.from({ length: 4_000 }, (_, i) => (i % 3 === 0 ? 1 : 0)),
  signingKey: TEST_CHECKPOINT_KEYS.privateKey,
  checkpointEvery: 200,
  finalCheckpoints: true,
});
/** The line whose actor an attacker changed, in the tampered copy. */
const EDITED = 3_210;
let dir: string;
let config: string;
let chat: string;
let good: string;
let tampered: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'larkgate-audit-threads-'));
  good = join(dir, 'good.jsonl');
  tampered = join(dir, 'tampered.jsonl');
  await writeFile(good, `${log.lines.join('\n')}\n`);
  const edited = log.lines.map((line, i) =>
    i === EDITED - 1 ? canonicalJson({ ...JSON.parse(line), actor: 'ou_mallory' }) : line,
  );
  await writeFile(tampered, `${edited.join('\n')}\n`);
  config = await writeAuditConfig(dir, {
    file: good,
    stream: 'larkgate:audit',
    redisUrl: 'redis://127.0.0.1:1',
  });
  chat = join(dir, 'chat.txt');
  const checkpoints = log.events
    .filter((event) => event.type === 'audit.checkpoint')
    .map((event) => (event.details as { checkpoint: AuditCheckpoint }).checkpoint);
  await writeFile(chat, checkpoints.map((c) => `audit checkpoint ${JSON.stringify(c)}\n`).join(''));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function larkgate(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return run(process.execPath, [BIN, ...args], {
    timeout: 120_000,
    env: { ...process.env, LARKGATE_FROM_SOURCE: '1' },
  }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => error,
  );
}

const verify = (file: string, ...more: string[]) =>
  larkgate([
    'audit',
    'verify',
    '--config',
    config,
    '--file',
    file,
    '--no-redis',
    '--checkpoint',
    chat,
    ...more,
  ]);

describe('larkgate audit verify with worker threads', () => {
  it('passes a good file and names the first bad event of a tampered one, as it does without threads', async () => {
    const [fine, bad, badInThread] = await Promise.all([
      verify(good, '--threads', '2'),
      verify(tampered, '--threads', '2'),
      verify(tampered, '--threads', '0'),
    ]);

    expect(fine).toMatchObject({ code: 0, stderr: '' });
    expect(fine.stdout).toContain(`OK: ${log.lines.length} events in 2 chains (file)\n`);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain(`FAIL (file ${tampered}): first bad event: line ${EDITED}, chain `);
    expect(bad.stdout).toContain(': hash_mismatch: the event does not match its keyed hash');
    expect(bad.stdout).toBe(badInThread.stdout);
  }, 120_000);

  it('refuses a --threads that is not a count (exit 2)', async () => {
    const result = await verify(good, '--threads', 'many');

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--threads takes a whole number from 0 to 256, not "many"');
  }, 120_000);

  it('starts its workers from compiled JavaScript too (the image runs dist/, without tsx)', async () => {
    // The modules checkAuditFile loads, compiled file by file as tsc would, beside the repo's node_modules.
    const out = join(dir, 'dist');
    const sources = [
      ...(await readdir(join(REPO_DIR, 'src/domain'))).map((name) => `src/domain/${name}`),
      'src/store/check-audit-file.ts',
      'src/store/check-audit-lines-worker.ts',
      'src/store/audit-line-batch.ts',
    ].filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts'));
    for (const source of sources) {
      const { outputText } = ts.transpileModule(await readFile(join(REPO_DIR, source), 'utf8'), {
        compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
      });
      await mkdir(join(out, dirname(source)), { recursive: true });
      await writeFile(join(out, source.replace(/\.ts$/, '.js')), outputText);
    }
    await writeFile(join(out, 'package.json'), '{"type":"module"}');
    await symlink(join(REPO_DIR, 'node_modules'), join(out, 'node_modules'));
    const script = join(out, 'check.js');
    await writeFile(
      script,
      `import { buildAuditHashKey } from './src/domain/audit-event.js';
import { linkAuditChains } from './src/domain/verify-audit-chain.js';
import { checkAuditFile } from './src/store/check-audit-file.js';
const hashKey = buildAuditHashKey(${JSON.stringify(TEST_HASH_KEY_TEXT)});
for (const path of process.argv.slice(2)) {
  const result = linkAuditChains(await checkAuditFile(path, { hashKey, threads: 2 }), { sink: 'file' });
  console.log(JSON.stringify(result.ok ? { ok: true, events: result.events.length } : { ok: false, firstBad: result.firstBad }));
}
`,
    );

    const { stdout } = await run(process.execPath, [script, good, tampered], { timeout: 60_000 });

    const [fine, bad] = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(fine).toEqual({ ok: true, events: log.lines.length });
    expect(bad).toMatchObject({ ok: false, firstBad: { line: EDITED, reason: 'hash_mismatch' } });
  }, 120_000);
});
