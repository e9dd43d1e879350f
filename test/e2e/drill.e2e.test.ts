import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderCard, textOf } from '../../emulator/ui/static/render-card.js';
import { registerDrillCommand } from '../../src/main/drill-command.js';
import { runCli } from '../../src/main/run-cli.js';
import { readAuditFile } from '../../src/store/read-audit-file.js';
import { COMPRESSED_MONITORING } from '../monitoring/monitoring-harness.js';
import { buttonValue, type Harness, startHarness, tokenOf } from './demo-harness.js';

type Event = {
  type: string;
  actor: string | null;
  request_id: string | null;
  details: Record<string, unknown>;
};

async function auditEvents(h: Harness, type: string): Promise<Event[]> {
  return (await readAuditFile(join(h.dir, 'audit/audit.jsonl')))
    .map((record) => JSON.parse(record.text) as Event)
    .filter((event) => event.type === type);
}

async function tempTables(h: Harness): Promise<string[]> {
  return (await h.base(tokenOf(h, 'sandbox'))).tables
    .map((table) => table.name)
    .filter((name) => name.startsWith('tmp_drill_'));
}

async function chatTexts(h: Harness, chatId: string): Promise<string[]> {
  return (await h.messages(chatId))
    .filter((item) => item.msg_type === 'text')
    .map((item) => String(item.content.text));
}

/** The drill receipt cards in the drills chat, as a reader sees them (en_us, or `locale`). */
async function receipts(h: Harness, locale = 'en_us'): Promise<string[]> {
  return (await h.messages('oc_drills'))
    .filter((item) => item.msg_type === 'interactive')
    .map((item) => textOf(renderCard(item.content, { locale })));
}

async function fault(h: Harness, body: Record<string, unknown> | null): Promise<void> {
  await fetch(`${h.info.emulator}/__emulator/faults`, {
    method: body ? 'POST' : 'DELETE',
    headers: { 'content-type': 'application/json' },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
}

describe('rollback drills', () => {
  let h: Harness;
  beforeAll(async () => {
    // The monitor on (intervals compressed): it pages a failed drill.
    h = await startHarness({ monitoring: COMPRESSED_MONITORING });
  }, 120_000);
  afterAll(async () => {
    await h?.close();
  });

  it('the demo drills before it is ready: a governed change and its rollback on a temp table, byte for byte, torn down, with a receipt', async () => {
    expect(h.drill?.passed, h.drill?.problem ?? '').toBe(true);
    const passed = (await auditEvents(h, 'drill.passed')).find(
      (event) => event.details.drill_id === h.drill?.drillId,
    );
    expect(passed?.details).toMatchObject({
      drill: 'rollback',
      base: 'sandbox',
      table: h.drill?.table,
      request_id: h.drill?.requestId,
      rollback_id: h.drill?.rollbackId,
      records: 5,
    });
    expect(passed?.details.before_sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(passed?.details.after_sha256).toBe(passed?.details.before_sha256);
    expect(typeof passed?.details.duration_ms).toBe('number');

    // The change and its rollback went through the governed path: approved by the drill, backed up, verified.
    const approvals = (await auditEvents(h, 'approval.created')).filter((event) =>
      [h.drill?.requestId, h.drill?.rollbackId].includes(event.request_id ?? ''),
    );
    expect(approvals.map((event) => event.details.approvers)).toEqual([['system:drill'], ['system:drill']]);
    const receipt = (await auditEvents(h, 'rollback.executed')).find(
      (event) => event.request_id === h.drill?.rollbackId,
    );
    expect(receipt?.details).toMatchObject({ rollback_of: h.drill?.requestId, verified: true });

    expect(await tempTables(h)).toEqual([]);
    const posted = (await receipts(h)).find((text) => text.includes(`Rollback drill ${h.drill?.drillId}`));
    expect(posted).toContain('Passed on sandbox');
    expect(posted).toContain(`rolled back by ${h.drill?.rollbackId}`);
    // The receipt is a card: a reader whose client is in Vietnamese reads it in Vietnamese.
    expect(
      (await receipts(h, 'vi_vn')).find((text) => text.includes(`Diễn tập hoàn tác ${h.drill?.drillId}`)),
    ).toContain('khớp từng byte với ban đầu');
    expect(await chatTexts(h, 'oc_audit')).not.toContainEqual(expect.stringContaining('tmp_drill_'));
  });

  it('larkgate drill --once runs one more and exits 0', async () => {
    const before = (await auditEvents(h, 'drill.passed')).length;

    expect(await runCli(['node', 'larkgate', 'drill', '--once', '--config', h.configPath])).toBe(0);

    expect((await auditEvents(h, 'drill.passed')).length).toBe(before + 1);
    expect(await tempTables(h)).toEqual([]);
  });

  it('on a terminal, larkgate drill rollback --once shows each step as it goes, then clears the line; with --json, nothing extra', async () => {
    const drill = async (isTTY: boolean, extra: string[]) => {
      const terminal: string[] = [];
      const out: string[] = [];
      let code = -1;
      const program = new Command('larkgate').exitOverride();
      registerDrillCommand(
        program,
        (exit) => {
          code = exit;
        },
        { out: (text) => void out.push(text), err: (text) => void out.push(text) },
        { isTTY, write: (text: string) => terminal.push(text) },
      );
      await program.parseAsync(['drill', 'rollback', '--once', '--config', h.configPath, ...extra], {
        from: 'user',
      });
      return { code, out: out.join(''), terminal };
    };

    const shown = await drill(true, []);
    const quiet = await drill(true, ['--json']);

    expect(shown.code).toBe(0);
    expect(shown.terminal[0]).toContain('rollback drill: temp table: 0/5 · ');
    expect(shown.terminal.some((text) => text.includes('rollback drill: recorded: 5/5 · '))).toBe(true);
    expect(shown.terminal.at(-1)).toBe('\r\x1b[2K');
    expect(shown.out).toContain('Rollback drill');
    expect(shown.out).not.toContain('5/5');
    expect(quiet.code).toBe(0);
    expect(quiet.terminal).toEqual([]);
    expect(JSON.parse(quiet.out)).toMatchObject({ passed: true });
  });

  it('a drill that fails (Lark refuses the temp table) is recorded as drill.failed and pages on-call with an alert card', async () => {
    await fault(h, {
      kind: 'server_error',
      path_prefix: `/open-apis/bitable/v1/apps/${tokenOf(h, 'sandbox')}/tables`,
      method: 'POST',
      exact: true,
      status: 403,
      code: 1254302,
      count: 1,
    });
    try {
      expect(
        await runCli(['node', 'larkgate', 'drill', 'rollback', '--once', '--config', h.configPath]),
      ).toBe(1);
    } finally {
      await fault(h, null);
    }

    const failed = (await auditEvents(h, 'drill.failed')).at(-1);
    expect(failed?.details).toMatchObject({ drill: 'rollback', base: 'sandbox' });
    expect(String(failed?.details.problem)).toContain('could not create tmp_drill_');
    expect(failed?.details.alert).toBe('drill.failed:sandbox');
    const card = await h.waitFor('the drill alert card in the on-call chat', async () =>
      (await h.messages('oc_oncall')).find(
        (item) =>
          item.msg_type === 'interactive' &&
          JSON.stringify(item.content).includes('Base sandbox: rollback drill failed'),
      ),
    );
    // The detail is made inert on the card: tmp_drill_…'s underscores are entities, and the dots of
    // bitable.table.create are look-alikes (a domain-like word would otherwise be linked).
    expect(JSON.stringify(card.content)).toMatch(/could not create tmp\S+ Lark bitable․table․create failed/);
    expect(JSON.stringify(card.content)).toContain('docs/runbooks/drill-failed.md');
    expect(buttonValue(card, 'ack')).toMatchObject({ alert: 'drill.failed:sandbox' });
    const ack = await h.clickButton(card.message_id, 'ou_dave', 'Ack');
    expect(ack.body.toast).toMatchObject({ type: 'success', content: 'Acknowledged: escalation stopped.' });
    expect(
      (await receipts(h)).some(
        (text) => text.includes('Rollback drill') && text.includes('Failed on sandbox'),
      ),
    ).toBe(true);
  });

  it('a drill aimed at a production base is refused by the guard (drill_outside_sandbox), recorded and alerted', async () => {
    expect(
      await runCli(['node', 'larkgate', 'drill', '--once', '--base', 'crm', '--config', h.configPath]),
    ).toBe(1);

    const denied = (await auditEvents(h, 'tool.denied'))
      .filter((event) => event.details.action === 'drill')
      .at(-1);
    expect(denied?.details.denials).toEqual([expect.objectContaining({ code: 'drill_outside_sandbox' })]);
    const failed = (await auditEvents(h, 'drill.failed')).at(-1);
    expect(failed?.details).toMatchObject({ base: 'crm', table: null });
    expect(String(failed?.details.problem)).toContain('crm is not marked staging; crm is L2, not L0');
    expect((await h.base(tokenOf(h, 'crm'))).tables.map((table) => table.name)).toEqual([
      'Tasks',
      'Accounts',
    ]);
  });
});

describe('the tier rule "rollback drill fresher than"', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ drill: false });
  }, 120_000);
  afterAll(async () => {
    await h?.close();
  });

  async function reply(text: string): Promise<{ type: string; text: string }> {
    const asked = await h.say('oc_requests', 'ou_alice', `@Larkgate ${text}`);
    const item = await h.waitFor('a reply', async () =>
      (await h.messages('oc_requests')).find((candidate) => candidate.parent_id === asked.message_id),
    );
    return { type: item.msg_type, text: JSON.stringify(item.content) };
  }

  it('refuses writes on L2 and L3 bases until a drill passes, then lets them through', async () => {
    const crm = await reply('update crm/Tasks recTask0001 Status=Done');
    expect(crm).toEqual({
      type: 'text',
      text: JSON.stringify({
        text: 'Refused: no rollback drill has passed in the last 30 days: run `larkgate drill --once`',
      }),
    });
    const billing = await reply('update billing/Invoices recInv0002 Status=Sent');
    expect(billing.text).toContain('no rollback drill has passed in the last 7 days');
    const denied = (await auditEvents(h, 'tool.denied')).at(-1);
    expect(denied?.details.denials).toEqual([expect.objectContaining({ code: 'drill_overdue' })]);
    // The sandbox (L0) has no drill rule.
    expect((await reply('update sandbox/Scratch recScr0001 Value=5')).type).toBe('interactive');

    expect(await runCli(['node', 'larkgate', 'drill', '--once', '--config', h.configPath])).toBe(0);
    // The guard's evidence is cached for 2 s.
    await new Promise((resolve) => setTimeout(resolve, 2_500));

    expect((await reply('update crm/Tasks recTask0001 Status=Done')).type).toBe('interactive');
  });
});

describe('the scheduled drill', () => {
  it('runs from the worker’s job scheduler (drills: every, base) and posts its receipt', async () => {
    const h = await startHarness({ drill: false, drills: { every: '24h', base: 'sandbox' } });
    try {
      const line = await h.waitFor(
        'a scheduled drill receipt',
        async () => (await receipts(h)).find((text) => text.includes('Rollback drill')),
        30_000,
      );
      const started = await chatTexts(h, 'oc_drills');
      expect(started.some((text) => text.includes('(scheduled)'))).toBe(true);
      expect(line).toContain('byte-for-byte equal to before');
      expect(await auditEvents(h, 'drill.passed')).toHaveLength(1);
    } finally {
      await h.close();
    }
  }, 120_000);
});
