import type { AuditHashKey } from '../domain/audit-event.js';
import { type AuditRecordProblem, checkAuditText } from '../domain/check-audit-text.js';
import {
  type CheckedAuditRecord,
  isBookkeepingType,
  type LinkedAuditEvent,
} from '../domain/verify-audit-chain.js';

/**
 * A run of audit file lines checked one by one (checkAuditText), in columns so a worker thread can hand back
 * a hundred thousand results as a few strings and typed arrays instead of as many objects.
 */
export type AuditLineBatch = {
  lines: number;
  /** Per line: the index of its chain in `chains`, or -1 when the line has a problem. */
  chainOf: Int32Array;
  chains: string[];
  seqs: Float64Array;
  /** 64 hex digits per line (spaces for a line with a problem). */
  hashes: string;
  prevs: string;
  typeOf: Int32Array;
  types: string[];
  /** The details of the log's bookkeeping events, by line index in the batch. */
  details: Array<[number, Record<string, unknown>]>;
  problems: Array<[number, AuditRecordProblem]>;
};

const NO_HASH = ' '.repeat(64);
/** How readline (crlfDelay: Infinity) splits a file into lines, which readAuditFile numbers. */
const LINE_BREAK = /\r\n|\n|\r/;

/**
 * Checks every line of `text`, a run of whole lines of an audit file (it ends with a line break, or at the
 * end of the file). Lines are split as readline splits them, so line numbers match readAuditFile's.
 */
export function checkAuditLineBatch(text: string, key: AuditHashKey): AuditLineBatch {
  // Without a carriage return (every file Larkgate writes) a plain split on line feeds says the same, faster.
  const lines = text.includes('\r') ? text.split(LINE_BREAK) : text.split('\n');
  // A break at the very end ends the last line; it does not start another (nor does an empty file).
  if (lines.at(-1) === '') lines.pop();
  const count = lines.length;
  const batch: AuditLineBatch = {
    lines: count,
    chainOf: new Int32Array(count),
    chains: [],
    seqs: new Float64Array(count),
    hashes: '',
    prevs: '',
    typeOf: new Int32Array(count),
    types: [],
    details: [],
    problems: [],
  };
  const chainIndex = new Map<string, number>();
  const typeIndex = new Map<string, number>();
  const hashes: string[] = [];
  const prevs: string[] = [];
  for (let index = 0; index < count; index++) {
    const checked = checkAuditText(lines[index] as string, key);
    if (!checked.event) {
      batch.chainOf[index] = -1;
      batch.problems.push([index, checked.problem]);
      hashes.push(NO_HASH);
      prevs.push(NO_HASH);
      continue;
    }
    const { event } = checked;
    batch.chainOf[index] = indexOf(chainIndex, batch.chains, event.chain);
    batch.typeOf[index] = indexOf(typeIndex, batch.types, event.type);
    batch.seqs[index] = event.seq;
    hashes.push(event.hash);
    prevs.push(event.prev);
    if (isBookkeepingType(event.type)) batch.details.push([index, event.details]);
  }
  batch.hashes = hashes.join('');
  batch.prevs = prevs.join('');
  return batch;
}

/** Appends a batch's records to `into`, its first line numbered `firstLine`. */
export function readAuditLineBatch(
  batch: AuditLineBatch,
  firstLine: number,
  into: CheckedAuditRecord<LinkedAuditEvent>[],
): void {
  const details = new Map(batch.details);
  const problems = new Map(batch.problems);
  for (let index = 0; index < batch.lines; index++) {
    const line = firstLine + index;
    const chain = batch.chainOf[index] as number;
    if (chain < 0) {
      into.push({ error: { ...(problems.get(index) as AuditRecordProblem), line }, line });
      continue;
    }
    const at = index * 64;
    const event: LinkedAuditEvent = {
      chain: batch.chains[chain] as string,
      seq: batch.seqs[index] as number,
      prev: batch.prevs.slice(at, at + 64),
      hash: batch.hashes.slice(at, at + 64),
      type: batch.types[batch.typeOf[index] as number] as string,
    };
    const held = details.get(index);
    if (held) event.details = held;
    into.push({ event, line });
  }
}

function indexOf(index: Map<string, number>, table: string[], value: string): number {
  let at = index.get(value);
  if (at === undefined) {
    at = table.length;
    table.push(value);
    index.set(value, at);
  }
  return at;
}
