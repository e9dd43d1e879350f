import { createPublicKey, type KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { Redis } from 'ioredis';
import { type UnsignedAuditCheckpoint, verifyCheckpoint } from '../domain/audit-checkpoint.js';
import {
  type AuditSinkComparison,
  type AuditSinkName,
  compareAuditSinks,
} from '../domain/compare-audit-sinks.js';
import {
  type AuditFinding,
  type AuditRecord,
  type AuditVerifyResult,
  verifyAuditChain,
} from '../domain/verify-audit-chain.js';
import { DEFAULT_AUDIT_STREAM_KEY } from '../store/audit-stream-sink.js';
import { readAuditFile } from '../store/read-audit-file.js';
import { readAuditStream } from '../store/read-audit-stream.js';
import { EXIT } from './exit-codes.js';

export type CommandOutput = { out(text: string): void; err(text: string): void };

const processOutput: CommandOutput = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
};

type VerifyOptions = {
  file?: string;
  redis?: string;
  stream: string;
  publicKey?: string;
  checkpoint?: string;
  json?: boolean;
};

type SourceReport = { sink: AuditSinkName; where: string; result: AuditVerifyResult };

class UsageError extends Error {}

/**
 * `larkgate audit verify [--file <path>] [--redis <url>] [--stream <key>] [--public-key <pem>]
 * [--checkpoint <file>] [--json]`: recomputes every chain in the file and/or the stream, compares the two,
 * and names the first bad event. Exit 0 when everything verifies (warnings allowed), 1 on any finding,
 * 2 when the sources or keys cannot be read.
 */
export function registerAuditVerifyCommand(
  program: Command,
  setExit: (code: number) => void,
  output: CommandOutput = processOutput,
): void {
  const audit =
    program.commands.find((command) => command.name() === 'audit') ??
    program.command('audit').description('the tamper-evident audit log');
  audit
    .command('verify')
    .description('recompute the audit hash chains, compare file and stream, name the first bad event')
    .option('--file <path>', 'the audit JSONL file')
    .option('--redis <url>', 'Redis holding the audit stream')
    .option('--stream <key>', 'the audit stream key', DEFAULT_AUDIT_STREAM_KEY)
    .option('--public-key <file>', 'Ed25519 public key (PEM) to check checkpoint signatures')
    .option('--checkpoint <file>', 'trusted signed checkpoints, one JSON per line (from the audit chat)')
    .option('--json', 'print the result as JSON')
    .action(async (opts: VerifyOptions) => {
      try {
        setExit(await runVerify(opts, output));
      } catch (error) {
        if (!(error instanceof UsageError)) throw error;
        output.err(`larkgate audit verify: ${error.message}\n`);
        setExit(EXIT.usage);
      }
    });
}

async function runVerify(opts: VerifyOptions, output: CommandOutput): Promise<number> {
  if (opts.file === undefined && opts.redis === undefined) {
    throw new UsageError('give --file <path>, --redis <url>, or both');
  }
  if (opts.checkpoint !== undefined && opts.publicKey === undefined) {
    throw new UsageError('--checkpoint needs --public-key to check the checkpoints’ signatures');
  }
  const publicKey = opts.publicKey === undefined ? undefined : await loadPublicKey(opts.publicKey);
  const checkpoints =
    opts.checkpoint === undefined || publicKey === undefined
      ? { trusted: [], forged: [] }
      : await loadCheckpoints(opts.checkpoint, publicKey);

  const sources: Array<{ sink: AuditSinkName; where: string; records: AuditRecord[]; trimmed?: boolean }> =
    [];
  if (opts.file !== undefined) {
    sources.push({ sink: 'file', where: opts.file, records: await readFileSource(opts.file) });
  }
  if (opts.redis !== undefined) {
    const where = `${redactUrl(opts.redis)} ${opts.stream}`;
    sources.push({ sink: 'stream', where, ...(await readStreamSource(opts.redis, opts.stream)) });
  }

  const reports: SourceReport[] = sources.map((source) => ({
    sink: source.sink,
    where: source.where,
    result: verifyAuditChain(source.records, {
      sink: source.sink,
      ...(publicKey ? { publicKey } : {}),
      trustedCheckpoints: checkpoints.trusted,
      ...(source.trimmed ? { startsMidChain: true } : {}),
    }),
  }));
  const streamTrimmed = sources.some((source) => source.trimmed === true);
  const fileResult = reports.find((report) => report.sink === 'file')?.result;
  const streamResult = reports.find((report) => report.sink === 'stream')?.result;
  const comparison =
    fileResult?.ok && streamResult?.ok
      ? compareAuditSinks(fileResult.events, streamResult.events, { streamTrimmed })
      : undefined;
  const ok =
    checkpoints.forged.length === 0 &&
    reports.every((report) => report.result.ok) &&
    comparison?.ok !== false;

  if (opts.json) {
    output.out(`${JSON.stringify(toJson(ok, reports, comparison, checkpoints))}\n`);
  } else {
    output.out(toText(ok, reports, comparison, checkpoints, publicKey !== undefined));
  }
  return ok ? EXIT.ok : EXIT.failure;
}

async function loadPublicKey(path: string): Promise<KeyObject> {
  let key: KeyObject;
  try {
    key = createPublicKey(await readFile(path, 'utf8'));
  } catch (error) {
    throw new UsageError(`cannot load the public key ${path}: ${(error as Error).message}`);
  }
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new UsageError(`${path} is a ${key.asymmetricKeyType} key; checkpoints are signed with Ed25519`);
  }
  return key;
}

type LoadedCheckpoints = {
  trusted: UnsignedAuditCheckpoint[];
  forged: Array<{ line: number; reason: string }>;
};

async function loadCheckpoints(path: string, publicKey: KeyObject): Promise<LoadedCheckpoints> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${path}: ${(error as Error).message}`);
  }
  const loaded: LoadedCheckpoints = { trusted: [], forged: [] };
  text.split('\n').forEach((lineText, index) => {
    if (lineText.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(lineText);
    } catch {
      throw new UsageError(`${path} line ${index + 1} is not JSON (one checkpoint per line)`);
    }
    const verdict = verifyCheckpoint(value, publicKey);
    if (verdict.ok) loaded.trusted.push(verdict.checkpoint);
    else loaded.forged.push({ line: index + 1, reason: verdict.reason });
  });
  return loaded;
}

async function readFileSource(path: string): Promise<AuditRecord[]> {
  try {
    return await readAuditFile(path);
  } catch (error) {
    throw new UsageError(`cannot read ${path}: ${(error as Error).message}`);
  }
}

/** The stream's entries, and whether Larkgate trimmed it (`<key>:trimmed`, create-audit-stream-trim.ts). */
async function readStreamSource(
  url: string,
  key: string,
): Promise<{ records: AuditRecord[]; trimmed: boolean }> {
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
    const records = await readAuditStream(redis, key);
    return { records, trimmed: (await redis.exists(`${key}:trimmed`)) === 1 };
  } catch (error) {
    throw new UsageError(`cannot read the stream ${key} from ${redactUrl(url)}: ${(error as Error).message}`);
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

function toText(
  ok: boolean,
  reports: readonly SourceReport[],
  comparison: AuditSinkComparison | undefined,
  checkpoints: LoadedCheckpoints,
  signaturesChecked: boolean,
): string {
  const lines: string[] = [];
  for (const forged of checkpoints.forged) {
    lines.push(`FAIL: trusted checkpoint on line ${forged.line}: ${forged.reason}`);
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
  for (const report of reports) {
    for (const warning of report.result.warnings) {
      lines.push(`warning (${report.sink}): ${describeFinding(warning)}`);
    }
  }
  for (const warning of comparison?.warnings ?? []) {
    lines.push(`warning (file vs stream): chain ${warning.chain}: ${warning.message}`);
  }
  const unchecked = reports.some((report) => report.result.ok && !report.result.checkpointSignaturesChecked);
  if (unchecked && !signaturesChecked) {
    lines.push('note: checkpoint signatures were not checked (give --public-key)');
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

function toJson(
  ok: boolean,
  reports: readonly SourceReport[],
  comparison: AuditSinkComparison | undefined,
  checkpoints: LoadedCheckpoints,
): unknown {
  return {
    ok,
    sources: reports.map((report) =>
      report.result.ok
        ? {
            sink: report.sink,
            where: report.where,
            ok: true,
            events: report.result.events.length,
            chains: report.result.chains,
            warnings: report.result.warnings,
            checkpointSignaturesChecked: report.result.checkpointSignaturesChecked,
          }
        : {
            sink: report.sink,
            where: report.where,
            ok: false,
            firstBad: report.result.firstBad,
            warnings: report.result.warnings,
          },
    ),
    comparison: comparison ?? null,
    trustedCheckpoints: checkpoints.trusted.length,
    forgedCheckpoints: checkpoints.forged,
  };
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
