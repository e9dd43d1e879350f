import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

export type GpgResult = { code: number; stdout: Buffer; stderr: string; status: string };

export type GpgHome = {
  /** The private `--homedir`; also exported as `GNUPGHOME` to commands run through {@link GpgHome.env}. */
  dir: string;
  /** Environment for child processes (e.g. a runbook script) that should use this home. */
  env: NodeJS.ProcessEnv;
  /** Runs `gpg --homedir <dir> --batch --no-tty …args` with machine-readable status lines (fd 3) in `status`; never throws on a non-zero exit. */
  run(args: string[], options?: { input?: string | Uint8Array }): Promise<GpgResult>;
  /** Imports armored keys (public or private); throws with gpg's stderr on failure. */
  importKey(armored: string): Promise<void>;
  /** `gpg --decrypt` of the given bytes (or file path); look at `code`, `stdout` and `status`. */
  decrypt(ciphertext: Uint8Array | { path: string }, options?: { passphrase?: string }): Promise<GpgResult>;
  /**
   * `gpg --quick-gen-key <userId> <algo> <usage> <expire>` with no passphrase (usage `default` and expire
   * `never` unless given); returns the fingerprint and both armored halves.
   */
  generateKey(
    userId: string,
    algo: string,
    options?: { usage?: string; expire?: string },
  ): Promise<{ fingerprint: string; publicKey: string; privateKey: string }>;
  /** Stops this home's gpg-agent and deletes the folder. Safe to call twice. */
  cleanup(): Promise<void>;
};

/**
 * The gpg socket path must stay under ~107 bytes (sun_path), and gpg-agent puts `S.gpg-agent` in the home
 * when /run/user/<uid> is absent, so homes are short folders under os.tmpdir().
 */
const MAX_HOME_LENGTH = 80;

let checkedVersion: Promise<string> | undefined;

/**
 * Fails (never skips) when gpg is missing: these tests exist to prove plain gpg can restore a backup.
 */
export function assertGpgInstalled(): Promise<string> {
  checkedVersion ??= new Promise<string>((resolve, reject) => {
    const child = spawn('gpg', ['--version'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.once('error', (error) =>
      reject(
        new Error(
          `gpg is required by the backup tests and was not found (${error.message}); install GnuPG: ` +
            'apt-get install gnupg (CI installs it)',
        ),
      ),
    );
    child.once('exit', (code) => {
      if (code === 0) resolve(out.split('\n')[0] ?? out);
      else reject(new Error(`gpg --version exited with ${code}; install GnuPG: apt-get install gnupg`));
    });
  });
  return checkedVersion;
}

/** A fresh, private gpg home; the caller must call `cleanup()`. */
export async function createGpgHome(): Promise<GpgHome> {
  await assertGpgInstalled();
  const dir = await mkdtemp(join(tmpdir(), 'lg-'));
  if (dir.length > MAX_HOME_LENGTH) {
    await rm(dir, { recursive: true, force: true });
    throw new Error(
      `gpg home ${dir} is too long for gpg-agent's socket path; run the tests with TMPDIR=/tmp`,
    );
  }
  const env: NodeJS.ProcessEnv = { ...process.env, GNUPGHOME: dir, LC_ALL: 'C', LANGUAGE: 'C' };
  let cleaned = false;

  function run(args: string[], options: { input?: string | Uint8Array } = {}): Promise<GpgResult> {
    return runGpg(['--homedir', dir, '--batch', '--no-tty', '--status-fd', '3', ...args], env, options.input);
  }

  async function importKey(armored: string): Promise<void> {
    const result = await run(['--import'], { input: armored });
    if (result.code !== 0) throw new Error(`gpg --import failed (${result.code}): ${result.stderr}`);
  }

  async function decrypt(
    ciphertext: Uint8Array | { path: string },
    options: { passphrase?: string } = {},
  ): Promise<GpgResult> {
    const passphraseArgs: string[] = [];
    if (options.passphrase !== undefined) {
      const file = join(dir, 'passphrase');
      await writeFile(file, options.passphrase, { mode: 0o600 });
      passphraseArgs.push('--pinentry-mode', 'loopback', '--passphrase-file', file);
    }
    return 'path' in ciphertext
      ? run([...passphraseArgs, '--decrypt', ciphertext.path])
      : run([...passphraseArgs, '--decrypt'], { input: ciphertext });
  }

  async function generateKey(
    userId: string,
    algo: string,
    options: { usage?: string; expire?: string } = {},
  ) {
    const created = await run([
      '--pinentry-mode',
      'loopback',
      '--passphrase',
      '',
      '--quick-gen-key',
      userId,
      algo,
      options.usage ?? 'default',
      options.expire ?? 'never',
    ]);
    if (created.code !== 0)
      throw new Error(`gpg --quick-gen-key failed (${created.code}): ${created.stderr}`);
    const fingerprint = /^\[GNUPG:\] KEY_CREATED \S+ ([0-9A-F]{40})/m.exec(created.status)?.[1];
    if (!fingerprint) throw new Error(`gpg --quick-gen-key printed no KEY_CREATED line: ${created.status}`);
    const exported = await run(['--armor', '--export', fingerprint]);
    const exportedSecret = await run([
      '--pinentry-mode',
      'loopback',
      '--passphrase',
      '',
      '--armor',
      '--export-secret-keys',
      fingerprint,
    ]);
    if (exported.code !== 0 || exportedSecret.code !== 0) {
      throw new Error(`gpg --export failed: ${exported.stderr} ${exportedSecret.stderr}`);
    }
    return {
      fingerprint,
      publicKey: exported.stdout.toString(),
      privateKey: exportedSecret.stdout.toString(),
    };
  }

  async function cleanup(): Promise<void> {
    if (cleaned) return;
    cleaned = true;
    await new Promise<void>((resolve) => {
      const child = spawn('gpgconf', ['--homedir', dir, '--kill', 'gpg-agent'], { env, stdio: 'ignore' });
      child.once('error', () => resolve());
      child.once('exit', () => resolve());
    });
    await rm(dir, { recursive: true, force: true });
  }

  return { dir, env, run, importKey, decrypt, generateKey, cleanup };
}

/** A fresh gpg home for one test file, cleaned up (agent killed, folder removed) after the file's tests. */
export async function useGpgHome(): Promise<GpgHome> {
  const home = await createGpgHome();
  afterAll(() => home.cleanup());
  return home;
}

function runGpg(args: string[], env: NodeJS.ProcessEnv, input?: string | Uint8Array): Promise<GpgResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('gpg', args, { env, stdio: ['pipe', 'pipe', 'pipe', 'pipe'] });
    const stdout: Buffer[] = [];
    let stderr = '';
    let status = '';
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.stdio[3]?.on('data', (chunk: Buffer) => {
      status += chunk.toString();
    });
    child.once('error', reject);
    child.once('close', (code) =>
      resolve({ code: code ?? -1, stdout: Buffer.concat(stdout), stderr, status }),
    );
    child.stdin.on('error', () => undefined);
    child.stdin.end(input ?? '');
  });
}
