import type { KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { Command } from 'commander';
import { Redis } from 'ioredis';
import {
  type AuditLogVerdict,
  type AuditSinkRead,
  type ForgedCheckpoint,
  verifyAuditLog,
} from '../app/evidence/verify-audit-log.js';
import { ConfigError } from '../config/config-error.js';
import { loadAuditKeys } from '../config/load-audit-keys.js';
import { type LoadedConfig, loadConfig, resolveFrom } from '../config/load-config.js';
import { resolveSecret } from '../config/resolve-secret.js';
import { verifyCheckpoint } from '../domain/audit-checkpoint.js';
import type { AuditHashKey } from '../domain/audit-event.js';
import { parseCheckpointExport } from '../domain/parse-checkpoint-export.js';
import type {
  AuditFinding,
  CheckedAuditRecord,
  LinkedAuditEvent,
  TrustedCheckpoint,
} from '../domain/verify-audit-chain.js';
import { createCliProgress, type ProgressOutput } from '../platform/create-cli-progress.js';
import { checkAuditFile } from '../store/check-audit-file.js';
import { auditAnchorKey, createAuditAnchor } from '../store/create-audit-anchor.js';
import { readAuditStream } from '../store/read-audit-stream.js';
import { EXIT } from './exit-codes.js';

export type CommandOutput = { out(text: string): void; err(text: string): void };

const processOutput: CommandOutput = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
};

type VerifyOptions = {
  config?: string;
  file?: string;
  /** A URL, false with --no-redis, true (commander's default for --no-redis) or absent: redis.url. */
  redis?: string | boolean;
  stream?: string;
  checkpoint?: string;
  json?: boolean;
  threads?: string;
};

class UsageError extends Error {}

/**
 * `larkgate audit verify --config <file> [--file <path>] [--redis <url> | --no-redis] [--stream <key>]
 * [--checkpoint <export>] [--json]`: with the keys from the config, recomputes every keyed event hash and
 * every chain in the file and the stream, checks each checkpoint signature, holds every chain to the
 * newest signed checkpoint outside the log (the anchor in Redis, and the audit chat's lines given with
 * --checkpoint), compares the two sinks, and names the first bad event and what is missing.
 * Exit 0 when everything verifies (warnings allowed), 1 on any finding, 2 when the config, keys or
 * sources cannot be read.
 *
 * Order matters: the anchor is read before the log, so a checkpoint written while we read cannot look
 * like a cut tail.
 */
export function registerAuditVerifyCommand(
  program: Command,
  setExit: (code: number) => void,
  output: CommandOutput = processOutput,
  env: Readonly<Record<string, string | undefined>> = process.env,
  /** Where the progress line goes while a long log is checked: only a terminal gets one (never with --json). */
  terminal: ProgressOutput = process.stdout,
): void {
  const audit =
    program.commands.find((command) => command.name() === 'audit') ??
    program.command('audit').description('the tamper-evident audit log');
  audit
    .command('verify')
    .description(
      'check the keyed audit hash chains and signed checkpoints (file and stream) against the checkpoint anchor',
    )
    .option('--config <file>', 'larkgate.yaml: the audit keys, file, stream and Redis (required)')
    .option('--file <path>', 'verify this audit JSONL file instead of audit.file (a copy, an archive)')
    .option('--redis <url>', 'Redis holding the stream and the checkpoint anchor (default: redis.url)')
    .option('--no-redis', 'Redis is down: verify the file alone, against --checkpoint')
    .option('--stream <key>', 'the audit stream key (default: audit.stream)')
    .option(
      '--checkpoint <file>',
      'signed checkpoints from outside the log, one per line (the audit chat’s "audit checkpoint {…}" lines)',
    )
    .option(
      '--threads <n>',
      'worker threads that check the file (default: one per core, none for a file under 4 MB; 0: none)',
    )
    .option('--json', 'print the result as JSON')
    .action(async (opts: VerifyOptions) => {
      try {
        setExit(await runVerify(opts, output, env, terminal));
      } catch (error) {
        if (!(error instanceof UsageError) && !(error instanceof ConfigError)) throw error;
        output.err(`larkgate audit verify: ${error.message}\n`);
        setExit(EXIT.usage);
      }
    });
}

/** Runs `larkgate audit verify <args>` in-process (probes, tests); returns the exit code and output. */
export async function runAuditVerifyCommand(
  args: readonly string[],
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<{ code: number; out: string; err: string }> {
  const program = new Command('larkgate').exitOverride();
  let code = -1;
  const out: string[] = [];
  const err: string[] = [];
  const output: CommandOutput = { out: (text) => void out.push(text), err: (text) => void err.push(text) };
  const setExit = (exit: number) => {
    code = exit;
  };
  // Not a terminal: an in-process run prints no progress line into the caller's stdout.
  registerAuditVerifyCommand(program, setExit, output, env, { write: () => true });
  await program.parseAsync(['audit', 'verify', ...args], { from: 'user' });
  return { code, out: out.join(''), err: err.join('') };
}

async function runVerify(
  opts: VerifyOptions,
  output: CommandOutput,
  env: Readonly<Record<string, string | undefined>>,
  terminal: ProgressOutput,
): Promise<number> {
  if (opts.config === undefined) {
    throw new UsageError(
      'give --config <larkgate.yaml>: the audit hash key and the checkpoint public key are in it',
    );
  }
  const loaded = await loadConfig(opts.config);
  const { config } = loaded;
  const sources = { env, baseDir: loaded.dir };
  const keys = await loadAuditKeys(loaded, {
    auditHashKey: await resolveSecret(config.audit.hash_key, sources, loaded.path, 'audit.hash_key'),
  });
  const threads = parseThreads(opts.threads);
  const progress = createCliProgress({ output: terminal, json: opts.json === true, clock: Date.now });
  const checkFile = async (path: string) => {
    const checked = await readFileSource(path, keys.hashKey, threads, (done, total) =>
      progress.update('checking file (KB)', Math.round(done / 1e3), Math.round(total / 1e3)),
    );
    progress.end();
    return checked;
  };
  const streamKey = opts.stream ?? config.audit.stream;
  const filePath = opts.file ?? resolveFrom(loaded.dir, config.audit.file);

  const trusted: TrustedCheckpoint[] = [];
  const forged: ForgedCheckpoint[] = [];
  if (opts.checkpoint !== undefined) await loadExport(opts.checkpoint, keys.publicKey, trusted, forged);

  const reads: AuditSinkRead[] = [];
  let anchorWhere: string | null = null;
  if (opts.redis !== false) {
    const url = typeof opts.redis === 'string' ? opts.redis : await redisUrlOf(loaded, env);
    anchorWhere = `${redactUrl(url)} ${auditAnchorKey(streamKey)}`;
    // The anchor first (see above), then the file, then the stream.
    await withRedis(url, async (redis) => {
      const anchor = await createAuditAnchor({ redis, key: auditAnchorKey(streamKey) }).read();
      for (const field of anchor.malformed) {
        forged.push({ source: `anchor entry ${field}`, reason: 'not a checkpoint anchor record' });
      }
      for (const record of anchor.records) {
        const source = `anchor ${auditAnchorKey(streamKey)}`;
        const verdict = verifyCheckpoint(record.checkpoint, keys.publicKey);
        if (verdict.ok) trusted.push({ ...record.checkpoint, source, sinks: record.sinks });
        else forged.push({ source: `anchor entry ${record.checkpoint.chain}`, reason: verdict.reason });
      }
      reads.push({ sink: 'file', where: filePath, checked: await checkFile(filePath) });
      reads.push({
        sink: 'stream',
        where: `${redactUrl(url)} ${streamKey}`,
        records: await readAuditStream(redis, streamKey),
        // Larkgate trimmed it (create-audit-stream-trim.ts): chains may start part-way, the file holds the rest.
        trimmed: (await redis.exists(`${streamKey}:trimmed`)) === 1,
      });
    });
  } else {
    if (opts.checkpoint === undefined) {
      throw new UsageError(
        '--no-redis needs --checkpoint <export of the audit chat>: without the checkpoint anchor a cut tail cannot be seen',
      );
    }
    reads.push({ sink: 'file', where: filePath, checked: await checkFile(filePath) });
  }

  const verified = verifyAuditLog({
    reads,
    trusted,
    forged,
    hashKey: keys.hashKey,
    publicKey: keys.publicKey,
    onProgress: (step, done, total) => progress.update(step, done, total),
  });
  progress.end();
  const summary: Summary = { ...verified, anchorWhere, exportWhere: opts.checkpoint ?? null };
  output.out(opts.json ? `${JSON.stringify(toJson(summary))}\n` : toText(summary));
  return verified.ok ? EXIT.ok : EXIT.failure;
}

async function redisUrlOf(loaded: LoadedConfig, env: Readonly<Record<string, string | undefined>>) {
  const url = loaded.config.redis.url;
  if (url === undefined)
    throw new UsageError(
      'redis is behind Sentinel in this config: pass the current master with --redis <url>',
    );
  if (!url.startsWith('secret://')) return url;
  const secret = await resolveSecret(url, { env, baseDir: loaded.dir }, loaded.path, 'redis.url');
  return secret.reveal();
}

/** Reads a `--checkpoint` export: its signed checkpoints trusted or named forged. */
async function loadExport(
  path: string,
  publicKey: KeyObject,
  trusted: TrustedCheckpoint[],
  forged: ForgedCheckpoint[],
): Promise<void> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${path}: ${(error as Error).message}`);
  }
  const parsed = parseCheckpointExport(text, path, publicKey);
  if (parsed.kind === 'malformed') {
    throw new UsageError(`${path} line ${parsed.line} is not a checkpoint (one per line)`);
  }
  trusted.push(...parsed.trusted);
  forged.push(...parsed.forged);
}

function parseThreads(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const threads = Number(value);
  if (!/^\d+$/.test(value) || threads > 256) {
    throw new UsageError(`--threads takes a whole number from 0 to 256, not ${JSON.stringify(value)}`);
  }
  return threads;
}

/** The file's lines checked one by one, in worker threads for a large file (checkAuditFile). */
async function readFileSource(
  path: string,
  hashKey: AuditHashKey,
  threads: number | undefined,
  onProgress: (doneBytes: number, totalBytes: number) => void,
): Promise<CheckedAuditRecord<LinkedAuditEvent>[]> {
  try {
    return await checkAuditFile(path, { hashKey, onProgress, ...(threads !== undefined ? { threads } : {}) });
  } catch (error) {
    throw new UsageError(`cannot read ${path}: ${(error as Error).message}`);
  }
}

async function withRedis(url: string, use: (redis: Redis) => Promise<void>): Promise<void> {
  const redis = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    connectTimeout: 5_000,
    retryStrategy: () => null,
  });
  // Connection errors are reported through connect()/commands; this keeps ioredis from also logging them.
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    await use(redis);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(
      `cannot read the checkpoint anchor and stream from ${redactUrl(url)}: ${(error as Error).message} (Redis down: --no-redis --checkpoint <audit chat export>)`,
    );
  } finally {
    redis.disconnect();
  }
}

function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(an unparsable URL)';
  }
}

type Summary = AuditLogVerdict & { anchorWhere: string | null; exportWhere: string | null };

function toText(summary: Summary): string {
  const { ok, reports, comparison } = summary;
  const lines: string[] = [];
  for (const forged of summary.forged) {
    lines.push(`FAIL: checkpoint from ${forged.source}: ${forged.reason}`);
  }
  if (summary.noAnchor) {
    lines.push(
      `FAIL: no signed checkpoint outside the log (${summary.anchorWhere ?? 'no anchor read'}${summary.exportWhere ? `, ${summary.exportWhere}` : ''}): a cut tail or a removed chain could not be seen`,
    );
  }
  const summaries: string[] = [];
  for (const report of reports) {
    if (report.result.ok) {
      const events = report.result.events.length;
      const chains = report.result.chains.length;
      summaries.push(`${plural(events, 'event')} in ${plural(chains, 'chain')} (${report.sink})`);
    } else {
      lines.push(
        `FAIL (${report.sink} ${report.where}): first bad event: ${describeFinding(report.result.firstBad)}`,
      );
    }
  }
  for (const error of comparison?.errors ?? []) {
    lines.push(`FAIL (file vs stream): chain ${error.chain}: ${error.message}`);
  }
  if (ok) {
    const agree = comparison ? '; file and stream agree' : '';
    lines.unshift(`OK: ${summaries.join(', ')}${agree}`);
  } else if (summaries.length > 0) {
    lines.push(`verified: ${summaries.join(', ')}`);
  }
  const from = [summary.anchorWhere, summary.exportWhere].filter((where) => where !== null).join(', ');
  lines.push(`checkpoints from outside the log: ${summary.outside} (${from})`);
  for (const point of summary.trusted) {
    lines.push(
      `trusted: chain ${point.chain} up to seq ${point.seq + 1} (signed checkpoint of seq ${point.seq}; ${point.sources.join('; ')})`,
    );
  }
  for (const report of reports) {
    for (const warning of report.result.warnings) {
      lines.push(`warning (${report.sink}): ${describeFinding(warning)}`);
    }
  }
  for (const warning of comparison?.warnings ?? []) {
    lines.push(`warning (file vs stream): chain ${warning.chain}: ${warning.message}`);
  }
  return `${lines.join('\n')}\n`;
}

function describeFinding(finding: AuditFinding): string {
  const place = [
    finding.line !== undefined ? `line ${finding.line}` : undefined,
    finding.id !== undefined ? `entry ${finding.id}` : undefined,
    finding.chain !== undefined ? `chain ${finding.chain}` : undefined,
    finding.seq !== undefined ? `seq ${finding.seq}` : undefined,
  ].filter((part) => part !== undefined);
  return `${place.length > 0 ? `${place.join(', ')}: ` : ''}${finding.reason}: ${finding.message}`;
}

function toJson(summary: Summary): unknown {
  return {
    ok: summary.ok,
    sources: summary.reports.map((report) =>
      report.result.ok
        ? {
            sink: report.sink,
            where: report.where,
            ok: true,
            events: report.result.events.length,
            chains: report.result.chains,
            warnings: report.result.warnings,
          }
        : {
            sink: report.sink,
            where: report.where,
            ok: false,
            firstBad: report.result.firstBad,
            warnings: report.result.warnings,
          },
    ),
    comparison: summary.comparison ?? null,
    anchor: summary.anchorWhere,
    checkpointExport: summary.exportWhere,
    checkpointsFromOutside: summary.outside,
    noAnchor: summary.noAnchor,
    trusted: summary.trusted,
    forgedCheckpoints: summary.forged,
  };
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
