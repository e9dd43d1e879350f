import { describe, expect, it } from 'vitest';
import { T0 } from '../../test/monitoring/make-alert.js';
import { MonitoringConfig } from '../config/monitoring-config.js';
import type { Observation } from '../domain/alert.js';
import { observeAuditFreshness } from './observe-audit-freshness.js';

const defaults = MonitoringConfig.parse({});

/** Two audit sinks whose newest event is the last one written to each; writes land unless broken. */
function world(lastEventAt: number | null) {
  let now = T0;
  const sinks = { file: lastEventAt, stream: lastEventAt };
  const broken = { file: false, stream: false };
  const keepalives: Array<{ quiet_for_ms: number | null }> = [];
  const deps = {
    readNewest: async () => ({ ...sinks }),
    writeKeepalive: async (details: { quiet_for_ms: number | null }) => {
      if (broken.file && broken.stream) throw new Error('no audit sink took the event');
      keepalives.push(details);
      if (!broken.file) sinks.file = now;
      if (!broken.stream) sinks.stream = now;
    },
    now: () => now,
    maxLagMs: defaults.audit.max_lag,
    maxSilenceMs: defaults.audit.max_silence,
  };
  const statusOf = (observations: Observation[], key: string) =>
    observations.find((observation) => observation.key === key)?.status;
  return {
    deps,
    keepalives,
    broken,
    advance: (ms: number) => {
      now += ms;
    },
    statusOf,
  };
}

describe('observeAuditFreshness', () => {
  it('a busy log: nothing is written, both checks pass', async () => {
    const w = world(T0 - 5_000);

    const observations = await observeAuditFreshness(w.deps);

    expect(w.keepalives).toEqual([]);
    expect(w.statusOf(observations, 'audit.silence')).toBe('ok');
    expect(w.statusOf(observations, 'audit.lag')).toBe('ok');
  });

  it('a quiet log: a keepalive is written once the newest event is half the limit old', async () => {
    const w = world(T0 - 61_000);

    const observations = await observeAuditFreshness(w.deps);

    expect(w.keepalives).toEqual([{ quiet_for_ms: 61_000 }]);
    expect(w.statusOf(observations, 'audit.silence')).toBe('ok');
  });

  it('with the default limit and synthetic check interval, a whole quiet hour never trips audit.silence', async () => {
    const w = world(T0);
    const statuses = new Set<string | undefined>();

    for (let run = 0; run < 120; run++) {
      w.advance(defaults.probes.every);
      statuses.add(w.statusOf(await observeAuditFreshness(w.deps), 'audit.silence'));
    }

    expect(statuses).toEqual(new Set(['ok']));
    // One keepalive a minute, not one per run.
    expect(w.keepalives.length).toBe(60);
  });

  it('a log that takes no writes falls silent, and the check says so once the limit has passed', async () => {
    const w = world(T0);
    w.broken.file = true;
    w.broken.stream = true;
    const silence: Array<string | undefined> = [];

    for (let run = 0; run < 5; run++) {
      w.advance(defaults.probes.every);
      silence.push(w.statusOf(await observeAuditFreshness(w.deps), 'audit.silence'));
    }

    expect(silence).toEqual(['ok', 'ok', 'ok', 'ok', 'failing']);
  });

  it('a sink that stops taking the keepalives falls behind: audit.lag, not audit.silence', async () => {
    const w = world(T0);
    w.broken.stream = true;
    const observations: Observation[][] = [];

    for (let run = 0; run < 10; run++) {
      w.advance(defaults.probes.every);
      observations.push(await observeAuditFreshness(w.deps));
    }

    const last = observations.at(-1) ?? [];
    expect(w.statusOf(last, 'audit.lag')).toBe('failing');
    expect(w.statusOf(last, 'audit.silence')).toBe('ok');
  });

  it('an empty log gets its first event', async () => {
    const w = world(null);

    const observations = await observeAuditFreshness(w.deps);

    expect(w.keepalives).toEqual([{ quiet_for_ms: null }]);
    expect(w.statusOf(observations, 'audit.silence')).toBe('ok');
  });
});
