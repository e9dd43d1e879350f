import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import type { ProbeReport } from '../../src/evidence/probe.js';
import { registerProbesCommand } from '../../src/main/probes-command.js';
import { registerTourCommand } from '../../src/main/tour-command.js';
import { readAuditFile } from '../../src/store/read-audit-file.js';
import { type Harness, startHarness } from '../e2e/demo-harness.js';
import { runCommand } from '../helpers/run-command.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ runWorker: false });
}, 120_000);
afterAll(async () => {
  await h?.close();
});

async function tourEvents(): Promise<
  Array<{ chain: string; seq: number; details: Record<string, unknown> }>
> {
  const records = await readAuditFile(join(h.dir, 'audit/audit.jsonl'));
  return records.map((record) => JSON.parse(record.text)).filter((event) => event.type === 'tour.completed');
}

/** The demo config with edits, written beside it (so its secret:// files and paths still resolve). */
async function editedConfig(
  name: string,
  edit: (doc: ReturnType<typeof parseDocument>) => void,
): Promise<string> {
  const doc = parseDocument(await readFile(h.configPath, 'utf8'));
  edit(doc);
  const path = join(h.dir, name);
  await writeFile(path, doc.toString());
  return path;
}

describe('larkgate tour', () => {
  it('is green when every configured base and table reads and matches policy, and records the evidence', async () => {
    const result = await runCommand(registerTourCommand, ['tour', '--config', h.configPath, '--json']);

    expect(result.code).toBe(0);
    const report = JSON.parse(result.out);
    expect(report.green).toBe(true);
    expect(report.bases.map((base: { alias: string; green: boolean }) => [base.alias, base.green])).toEqual([
      ['crm', true],
      ['billing', true],
      ['sandbox', true],
    ]);
    expect(report.bases[0].tables).toEqual([
      { name: 'Tasks', tableId: 'tblTasks0000001', fields: 5, sampled: 3, problems: [] },
      { name: 'Accounts', tableId: 'tblAccounts00001', fields: 3, sampled: 2, problems: [] },
    ]);
    const recorded = (await tourEvents()).at(-1);
    expect(recorded).toMatchObject({
      chain: report.recorded.chain,
      seq: report.recorded.seq,
      details: { green: true, bases: { crm: { green: true, reasons: [] }, sandbox: { green: true } } },
    });
  });

  it('is red per base, with reasons, when policy names a missing table or a marker the tables lack', async () => {
    const path = await editedConfig('red.yaml', (doc) => {
      doc.setIn(['bases', 0, 'tables'], ['Tasks', 'Accounts', 'Ghost']);
      doc.setIn(['bases', 1, 'marker'], { field: 'Larkgate', value: 'deletable' });
    });

    const result = await runCommand(registerTourCommand, ['tour', '--config', path]);

    expect(result.code).toBe(1);
    expect(result.out).toMatch(/^Read tour: RED \(3 base\(s\)\)/);
    expect(result.out).toMatch(
      /RED {3}crm \(L2, live\) "CRM": Tasks \(5 fields, 3 sampled\), Accounts \(3 fields, 2 sampled\), Ghost \(missing\)/,
    );
    expect(result.out).toContain(
      '✗ table "Ghost" is in policy but not in the Base (it has: Tasks, Accounts)',
    );
    expect(result.out).toContain(
      '✗ table "Invoices" has no marker field "Larkgate": every batch delete there would be refused',
    );
    expect(result.out).toMatch(/GREEN sandbox \(L0, live\)/);
    expect((await tourEvents()).at(-1)?.details).toMatchObject({
      green: false,
      bases: {
        crm: { green: false, reasons: [expect.stringContaining('"Ghost"')] },
        billing: { green: false },
        sandbox: { green: true },
      },
    });
  });

  it('is red when a base cannot be read at all', async () => {
    const path = await editedConfig('unreadable.yaml', (doc) => {
      doc.setIn(['bases', 2, 'app_token'], 'NoSuchBaseToken000000000000');
    });

    const result = await runCommand(registerTourCommand, [
      'tour',
      '--config',
      path,
      '--base',
      'sandbox',
      '--json',
    ]);

    expect(result.code).toBe(1);
    const [sandbox] = JSON.parse(result.out).bases;
    expect(sandbox.green).toBe(false);
    expect(sandbox.reasons[0]).toMatch(/^cannot read the Base \(app get\): Lark bitable\.app\.get failed/);
  });

  it('on a terminal, shows which base it reads and how many are done, then clears the line; with --json, nothing extra', async () => {
    const tour = async (extra: string[]) => {
      const terminal: string[] = [];
      const result = await runCommand(
        (program, setExit, output) =>
          registerTourCommand(program, setExit, output, {
            isTTY: true,
            write: (text: string) => terminal.push(text),
          }),
        ['tour', '--config', h.configPath, ...extra],
      );
      return { ...result, terminal };
    };

    const shown = await tour([]);
    const quiet = await tour(['--json']);

    expect(shown.code).toBe(0);
    expect(shown.terminal[0]).toContain('tour: crm: 0/3 · ');
    expect(shown.terminal.some((text) => text.includes('tour: 3/3 · '))).toBe(true);
    expect(shown.terminal.at(-1)).toBe('\r\x1b[2K');
    expect(shown.out).toContain('Read tour: GREEN');
    expect(quiet.code).toBe(0);
    expect(quiet.terminal).toEqual([]);
    expect(JSON.parse(quiet.out).green).toBe(true);
  });

  it('refuses an unknown --base as a usage error', async () => {
    const result = await runCommand(registerTourCommand, [
      'tour',
      '--config',
      h.configPath,
      '--base',
      'nope',
    ]);

    expect(result.code).toBe(2);
    expect(result.err).toContain('no base nope in policy (known: crm, billing, sandbox)');
  });
});

/** A report as the runner gives it, with one probe failing open when `open` is set. */
function report(open: boolean): ProbeReport {
  const result = {
    id: 'P2.self-approval',
    seedClass: 'P2' as const,
    title: 'an approver approving their own request',
    verdict: open ? ('FAIL_OPEN' as const) : ('BLOCKED' as const),
    failOpen: open,
    allowed: open,
    leaked: open ? ['approval artefact art_1 minted'] : [],
    expected: ['self_approval'],
    codes: open ? [] : ['self_approval'],
    reasons: open ? ['let through: nothing refused it'] : ['self_approval: you asked for this change'],
  };
  return {
    verdict: open ? 'FAIL_OPEN_DETECTED' : 'ALL_FAIL_CLOSED',
    probeCount: 1,
    blockedCount: open ? 0 : 1,
    failOpenCount: open ? 1 : 0,
    harnessOk: true,
    results: [result],
    controls: [{ id: 'C.read', title: 'a read', ok: true, detail: 'allowed' }],
    covered: result.codes,
  };
}

describe('larkgate probes (the command)', () => {
  const probes =
    (open: boolean) =>
    (
      program: Parameters<typeof registerProbesCommand>[0],
      setExit: (code: number) => void,
      output: Parameters<typeof registerProbesCommand>[2],
    ) =>
      registerProbesCommand(program, setExit, output, async () => report(open));

  it('exits 0 on ALL_FAIL_CLOSED and records probes.completed in the deployment’s audit log with --config', async () => {
    const result = await runCommand(probes(false), ['probes', '--config', h.configPath]);

    expect(result.code).toBe(0);
    expect(result.out).toMatch(
      /Verdict: ALL_FAIL_CLOSED \(1\/1 blocked, 0 not proven closed\)\nRecorded as evidence: probes\.completed probes-/,
    );
    const events = (await readAuditFile(join(h.dir, 'audit/audit.jsonl'))).map((record) =>
      JSON.parse(record.text),
    );
    expect(events.filter((event) => event.type === 'probes.completed').at(-1)?.details).toEqual({
      verdict: 'ALL_FAIL_CLOSED',
      probe_count: 1,
      blocked_count: 1,
      harness_ok: true,
      fail_open: [],
      covered: ['self_approval'],
      policy_hash: h.runtime.policy.require().hash,
    });
  });

  it('exits 1 on FAIL_OPEN_DETECTED, printing what leaked, and gives the seed harness’s JSON shape', async () => {
    const result = await runCommand(probes(true), ['probes', '--json']);

    expect(result.code).toBe(1);
    expect(JSON.parse(result.out)).toMatchObject({
      verdict: 'FAIL_OPEN_DETECTED',
      probe_count: 1,
      blocked_count: 0,
      any_fail_open: true,
      results: [{ id: 'P2.self-approval', fail_open: true, leaked: ['approval artefact art_1 minted'] }],
      recorded: null,
    });
  });
});
