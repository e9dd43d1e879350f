/**
 * How long encrypting one backup takes: OpenPGP.js (what the worker does, via encryptBackup) against the
 * `gpg --encrypt` binary on the same bytes, for a ~10,000-record before-state (~5 MB of JSON). Also the
 * decrypt side and the store's hash + fsync'd save. encryptBackup compresses with zlib (gpgCompatibleConfig,
 * when the recipient key lists it, as OpenPGP.js keys made with that config do), so `gpg --compress-algo zlib`
 * is the like-for-like comparison; `none` is shown for what compression costs. Prints figures only; no assertions.
 *
 *   npx tsx bench/backup-encrypt.ts [records=10000] [rounds=5]
 *   npx tsx bench/backup-encrypt.ts --plaintext <file> --public-key <file> --private-key <file> [--rounds 5] [--title <text>]
 *
 * The second form is how bench/backup-rollback.bench.ts compares on a real 10,000-record backup taken by
 * the worker (its decrypted bytes, the demo's recipient key), in a fresh process, so the bench's large heap
 * (the whole system it just ran) does not add garbage collections to the in-process OpenPGP.js runs.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { createBackupStore } from '../src/backup/create-backup-store.js';
import { decryptBackup } from '../src/backup/decrypt-backup.js';
import { encryptBackup } from '../src/backup/encrypt-backup.js';
import { generateBackupKeyPair } from '../src/backup/generate-backup-key-pair.js';
import { parseRecipientKeys } from '../src/backup/parse-recipient-keys.js';
import { reportTarget } from './bench-kit.js';

function makeBeforeState(count: number): Uint8Array {
  const records = Array.from({ length: count }, (_, i) => ({
    record_id: `rec${i.toString(36).padStart(10, '0')}`,
    fields: {
      Title: `Task ${i}: ship the quarterly report — 任务 ${i} ✓`,
      Status: ['Open', 'In progress', 'Done'][i % 3],
      Owner: [{ id: `ou_${(i * 7919).toString(16).padStart(32, '0')}`, name: 'Alice Example' }],
      Points: i % 13,
      Due: 1_780_000_000_000 + i * 86_400_000,
      Notes: `Line one of the notes for record ${i}.\nLine two, with "quotes" and a tab\there.`.repeat(3),
      Tags: ['alpha', 'beta', 'gamma'].slice(0, (i % 3) + 1),
    },
  }));
  return new TextEncoder().encode(JSON.stringify({ base: 'bascnExample', table: 'tblExample', records }));
}

type Proc = { code: number; stdout: Buffer; stderr: string };
function gpg(home: string, args: string[], input?: Uint8Array | string): Promise<Proc> {
  return new Promise((resolve, reject) => {
    const child = spawn('gpg', ['--homedir', home, '--batch', '--no-tty', ...args], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.once('error', (error) =>
      reject(new Error(`gpg could not start (${error.message}); install gnupg`)),
    );
    child.once('close', (code) => resolve({ code: code ?? -1, stdout: Buffer.concat(out), stderr }));
    // gpg may exit before reading all its input (a refusal); its exit code and stderr say why.
    child.stdin.on('error', () => undefined);
    child.stdin.end(input ?? '');
  });
}

async function gpgOk(home: string, args: string[], input: Uint8Array): Promise<Buffer> {
  const result = await gpg(home, args, input);
  if (result.code !== 0) throw new Error(`gpg ${args.join(' ')} failed (${result.code}): ${result.stderr}`);
  return result.stdout;
}

type Timed = { label: string; ms: number[]; last: unknown };

/**
 * Times each of `runs` `rounds` times after one warm-up each, interleaved (round 1 of every run, then
 * round 2 …, the order rotating), so a change in the machine's load touches every run alike and their
 * ratio stays fair on a shared machine. (No forced collection between runs: with a large live heap, a
 * forced full GC shrinks the heap limit and makes the next run slower, not fairer.)
 */
async function timeInterleaved(
  rounds: number,
  runs: ReadonlyArray<{ label: string; fn: () => Promise<unknown> }>,
): Promise<Timed[]> {
  const timed: Timed[] = runs.map((run) => ({ label: run.label, ms: [], last: undefined }));
  for (const run of runs) await run.fn(); // warm-up
  for (let round = 0; round < rounds; round += 1) {
    for (let k = 0; k < runs.length; k += 1) {
      const index = (round + k) % runs.length;
      const start = performance.now();
      const last = await (runs[index] as (typeof runs)[number]).fn();
      const entry = timed[index] as Timed;
      entry.ms.push(performance.now() - start);
      entry.last = last;
    }
  }
  return timed;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/**
 * The stated reason (issue 17) when the ratio is over 1.0×: profiled on 2026-12-07 (--cpu-prof, 40 runs).
 * Both sides do the same work: zlib at level 6 (gpg's default; Node's CompressionStream under OpenPGP.js),
 * AES-256 CFB with a SHA-1 MDC (native in both), ASCII armor. The deflate alone is ~18 ms of CPU of
 * OpenPGP.js's ~33 ms; the rest is OpenPGP.js's JavaScript around native calls (web-stream plumbing, the
 * plaintext copied into the literal packet and again in concat, base64 and CRC-24 in JS), against gpg's
 * 20-30 ms of user CPU plus a process start. Compressing outside OpenPGP.js (node:zlib, a prebuilt
 * compressed packet) saved ~15 % of CPU in a trial: not enough to be sure of ≤ 1.0×, and it would take the
 * choice of compression per recipient key away from OpenPGP.js.
 */
const WHY_NOT_BELOW_GPG =
  "over 1.0× because both run the same level-6 zlib deflate (~18 ms of OpenPGP.js's ~33 ms CPU) and OpenPGP.js adds JavaScript stream, copy and armor work (~15 ms) where gpg pays a process start";

const mb = (bytes: number) => `${(bytes / 1_048_576).toFixed(2)} MiB`;

/** A recipient key pair, armored, with its fingerprint (upper-case hex, as gpg prints it). */
export type BenchKeyPair = { publicKey: string; privateKey: string; fingerprint: string };

/** The medians (ms) of each measurement; `ratios` are OpenPGP.js encrypt time over each gpg variant's. */
export type EncryptionComparison = {
  gpgVersion: string;
  ciphertextBytes: number;
  medians: Record<string, number>;
  ratios: { label: string; ratio: number }[];
};

/**
 * Times encryptBackup against `gpg --encrypt` (the real binary, the same recipient key imported into a temp
 * homedir, the same plaintext bytes), decryption both ways and the store's save; `rounds` timed runs after
 * one warm-up each, medians printed and returned.
 */
export async function compareEncryption(
  plaintext: Uint8Array,
  options: { rounds: number; key?: BenchKeyPair; title?: string },
): Promise<EncryptionComparison> {
  const { rounds } = options;
  const home = await mkdtemp(join(tmpdir(), 'lg-b-'));
  const storeDir = await mkdtemp(join(tmpdir(), 'lg-bs-'));
  try {
    const pair = options.key ?? (await generateBackupKeyPair({ name: 'Bench', email: 'bench@example.test' }));
    const recipients = await parseRecipientKeys([pair.publicKey]);
    const imported = await gpg(home, ['--import'], pair.privateKey);
    if (imported.code !== 0) throw new Error(`gpg --import failed: ${imported.stderr}`);
    const version = (await gpg(home, ['--version'])).stdout.toString().split('\n')[0] ?? 'gpg';
    const encryptArgs = ['--trust-model', 'always', '--armor', '--encrypt', '--recipient', pair.fingerprint];

    const results = await timeInterleaved(rounds, [
      { label: 'openpgp encryptBackup (armored, zlib)', fn: () => encryptBackup(plaintext, recipients) },
      {
        label: 'gpg --encrypt --armor --compress-algo none',
        fn: () => gpgOk(home, [...encryptArgs, '--compress-algo', 'none'], plaintext),
      },
      {
        label: 'gpg --encrypt --armor --compress-algo zlib',
        fn: () => gpgOk(home, [...encryptArgs, '--compress-algo', 'zlib'], plaintext),
      },
    ]);
    const ciphertext = results[0]?.last as Uint8Array;
    const decrypts = await timeInterleaved(rounds, [
      {
        label: 'openpgp decryptBackup',
        fn: () => decryptBackup(ciphertext, { privateKeys: [pair.privateKey] }),
      },
      { label: 'gpg --decrypt', fn: () => gpgOk(home, ['--decrypt'], ciphertext) },
    ]);
    const store = createBackupStore({ dir: storeDir });
    let salt = 0;
    const saves = await timeInterleaved(rounds, [
      {
        label: 'store.save (sha256 + temp + fsync + rename)',
        fn: () => {
          salt += 1;
          const bytes = new Uint8Array(ciphertext.length + 1);
          bytes.set(ciphertext);
          bytes[ciphertext.length] = salt % 256; // new bytes each round, so every save writes
          return store.save(bytes);
        },
      },
    ]);

    console.log(
      `${options.title ?? 'backup bench'}: plaintext ${mb(plaintext.length)}, ${rounds} rounds + warm-up, interleaved`,
    );
    console.log(`node ${process.version}, ${version}`);
    console.log('');
    const openpgpMs = median(results[0]?.ms ?? []);
    const medians: Record<string, number> = {};
    for (const result of [...results, ...decrypts, ...saves]) {
      const size = result.last instanceof Uint8Array ? mb(result.last.length) : '';
      const ms = median(result.ms);
      medians[result.label] = ms;
      console.log(
        `${result.label.padEnd(50)} median ${ms.toFixed(0).padStart(6)} ms  (min ${Math.min(...result.ms).toFixed(0)}, max ${Math.max(...result.ms).toFixed(0)})  ${size}`,
      );
    }
    console.log('');
    const ratios = results.slice(1).map((result) => ({
      label: result.label,
      ratio: openpgpMs / median(result.ms),
    }));
    for (const { label, ratio } of ratios) console.log(`openpgp / ${label}: ${ratio.toFixed(2)}x`);
    const likeForLike = ratios.find((ratio) => ratio.label.endsWith('zlib'));
    const gpgZlib = results.find((result) => result.label.endsWith('zlib'));
    // The fastest run of each is the least disturbed by other work on a shared machine.
    const fastest = Math.min(...(results[0]?.ms ?? [])) / Math.min(...(gpgZlib?.ms ?? []));
    console.log(
      `=> OpenPGP.js encryption takes ${likeForLike?.ratio.toFixed(2)}x the time of gpg --encrypt (both zlib, medians of ${rounds}; fastest runs ${fastest.toFixed(2)}x)`,
    );
    if (likeForLike)
      reportTarget({
        name: 'backup encryption, OpenPGP.js ÷ gpg --encrypt (both zlib)',
        figure: `${likeForLike.ratio.toFixed(2)}×`,
        target: '≤ 1.0×',
        ratio: likeForLike.ratio,
        note: `medians of ${rounds} (fastest runs ${fastest.toFixed(2)}×), plaintext ${mb(plaintext.length)}${likeForLike.ratio > 1 ? `; ${WHY_NOT_BELOW_GPG}` : ''}`,
      });
    return { gpgVersion: version, ciphertextBytes: ciphertext.length, medians, ratios };
  } finally {
    await new Promise<void>((resolve) => {
      const child = spawn('gpgconf', ['--homedir', home, '--kill', 'gpg-agent'], { stdio: 'ignore' });
      child.once('error', () => resolve());
      child.once('close', () => resolve());
    });
    await rm(home, { recursive: true, force: true });
    await rm(storeDir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      plaintext: { type: 'string' },
      'public-key': { type: 'string' },
      'private-key': { type: 'string' },
      rounds: { type: 'string' },
      title: { type: 'string' },
    },
  });
  if (values.plaintext) {
    const publicKey = await readFile(values['public-key'] ?? '', 'utf8');
    const [recipient] = await parseRecipientKeys([publicKey]);
    await compareEncryption(new Uint8Array(await readFile(values.plaintext)), {
      rounds: Number(values.rounds ?? 5),
      key: {
        publicKey,
        privateKey: await readFile(values['private-key'] ?? '', 'utf8'),
        fingerprint: recipient?.fingerprint ?? '',
      },
      title: values.title ?? values.plaintext,
    });
  } else {
    const recordCount = Number(positionals[0] ?? 10_000);
    await compareEncryption(makeBeforeState(recordCount), {
      rounds: Number(positionals[1] ?? values.rounds ?? 5),
      title: `backup bench: ${recordCount} synthetic records`,
    });
  }
}
