import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { registerDrillOutageCommand } from '../../src/main/drill-outage-command.js';
import { computeTimeToPage, recordedIntervals } from '../../src/monitoring/compute-time-to-page.js';
import { readAuditFile } from '../../src/store/read-audit-file.js';
import {
  COMPRESSED,
  expectTimeToPage,
  type MonitoringHarness,
  startMonitoringHarness,
} from '../monitoring/monitoring-harness.js';

let h: MonitoringHarness;
beforeAll(async () => {
  h = await startMonitoringHarness();
  await h.waitFor('the bot to be ready', async () => (await h.readyz()).status === 200);
}, 120_000);
afterAll(async () => {
  await h?.close();
});

describe('larkgate drill outage (gate 7)', () => {
  it('injects a Base API outage in the demo, measures the time to its page, records drill.passed with the intervals as evidence', async () => {
    onTestFailed(() => {
      // What the monitor and the probes saw, to tell a slow page from a missing one.
      const seen = h.logs.filter((line) =>
        /monitor round|probe found|alert transition|paged|"level":50/.test(line),
      );
      process.stderr.write(`${seen.slice(-30).join('')}\n`);
    });
    let out = '';
    let exit = -1;
    const program = new Command().exitOverride();
    registerDrillOutageCommand(
      program,
      (code) => {
        exit = code;
      },
      {
        out: (text) => {
          out += text;
        },
        err: () => undefined,
      },
    );

    await program.parseAsync(['drill', 'outage', '--config', h.configPath, '--json', '--no-wait-resolve'], {
      from: 'user',
    });
    const result = JSON.parse(out) as {
      passed: boolean;
      time_to_page_ms: number;
      time_to_resolve_ms: number | null;
      alert: string;
      alert_key: string;
      message_id: string;
    };
    const events = (await readAuditFile(join(h.dir, 'audit/audit.jsonl'))).map((record) =>
      JSON.parse(record.text),
    );
    const evidence = events.filter(
      (event) => event.type === 'drill.passed' && event.details.drill === 'outage',
    );

    expect(exit).toBe(0);
    // The fault fails every base's read: the drill counts the page of either alert it explains, the
    // aggregate or one base's (on a loaded machine one base's probe can fail a round before the others).
    expect(result).toMatchObject({
      passed: true,
      alert: expect.stringMatching(
        /^(Lark Base API down: no base can be read|Base \w+: records cannot be read)$/,
      ),
      alert_key: expect.stringMatching(/^(lark\.base_api|base\.read:\w+)$/),
    });
    expect(result.time_to_resolve_ms).toBeNull();
    expect(evidence).toHaveLength(1);
    // The evidence says at which intervals it was measured, and how much of it was real time.
    const boundMs = computeTimeToPage(COMPRESSED, 'probe');
    const realTimeMs = Math.max(0, result.time_to_page_ms - boundMs);
    expect(evidence[0].details).toEqual(
      expect.objectContaining({
        time_to_page_ms: result.time_to_page_ms,
        limit_ms: 300_000,
        alert_key: result.alert_key,
        detection_path: 'probe',
        intervals: recordedIntervals(COMPRESSED),
        bound_ms: boundMs,
        real_time_ms: realTimeMs,
        estimate_ms: boundMs + realTimeMs,
      }),
    );
    expectTimeToPage('larkgate drill outage (Base API down)', result.time_to_page_ms, 'probe');
    // The outage is over: no fault is left behind, and the alert resolves.
    expect(await (await fetch(`${h.info.emulator}/__emulator/faults`)).json()).toMatchObject({ items: [] });
    await h.waitForCardText(result.message_id, '**Resolved**');
  }, 180_000);

  it('refuses to run against a real Lark tenant', async () => {
    // The demo's own config points at the emulator; a runtime whose domain is Lark's is refused before anything.
    const { createOutageDrillDeps } = await import('../../src/main/create-outage-drill-deps.js');
    const runtime = {
      ...h.runtime,
      loaded: {
        ...h.runtime.loaded,
        config: { ...h.runtime.loaded.config, app: { ...h.runtime.loaded.config.app, domain: 'feishu' } },
      },
    };

    expect(() => createOutageDrillDeps(runtime)).toThrow(
      /app\.domain: drill outage injects its fault through the Lark emulator/,
    );
  });
});
