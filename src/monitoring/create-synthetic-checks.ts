import type { Redis } from 'ioredis';
import type { MonitoringConfig } from '../config/monitoring-config.js';
import type { Secret } from '../config/secret.js';
import type { Observation } from '../domain/alert.js';
import type { BasePolicy } from '../domain/policy.js';
import type { LarkClient } from '../lark/create-lark-client.js';
import { withTimeout } from '../platform/with-timeout.js';
import type { BaseReader } from '../ports/base-reader.js';
import type { DrillSource } from './create-audit-drill-source.js';
import type { TokenWatch } from './create-token-watch.js';
import { evaluateDrillAge } from './evaluate-drill-age.js';
import { observeAuditFreshness } from './observe-audit-freshness.js';
import { observeLarkFailure } from './observe-lark-failure.js';
import { observeLarkToken } from './observe-lark-token.js';
import { observeTokenRefresh } from './observe-token-refresh.js';
import { readNewestAuditTimes } from './read-newest-audit-times.js';

/**
 * The two job schedulers' names. They keep the old word (`probes`) because they are BullMQ job scheduler ids
 * stored in Redis, and `monitoring.probes` names their config.
 */
export type SyntheticCheckName = 'probes' | 'token-refresh';

export type SyntheticCheckDeps = {
  config: MonitoringConfig;
  clock: () => number;
  /** The synthetic checks' own Lark client (createMonitorLarkClient): short waits, no Redis rate limiter. */
  lark: LarkClient;
  appId: string;
  appSecret: Secret;
  reader: Pick<BaseReader, 'listTables' | 'searchRecords'>;
  /** The bases in the policy in force; empty when none is. */
  bases: () => readonly BasePolicy[];
  redis: Redis;
  audit: {
    filePath: string;
    streamKey: string;
    /** Writes a `monitor.keepalive` event through this process's audit log (both sinks). */
    keepalive: (details: { quiet_for_ms: number | null }) => Promise<unknown>;
  };
  drills: DrillSource | null;
  /** The long-lived client's authenticated call and its token watch. */
  tokenRefresh: { call: () => Promise<unknown>; watch: TokenWatch };
};

/**
 * The synthetic checks the worker runs on a schedule (docs/product.md §6), each bounded by `probes.timeout`
 * (config keys keep the old word `probes`):
 * - `probes`: a token fetch; one records read on every configured base; audit freshness (writing a
 *   keepalive event when the log is quiet); the last passing rollback drill's age per base against its
 *   tier (when `probes.drill_age`);
 * - `token-refresh`: the long-running token-refresh check.
 * Every failure becomes an observation: a synthetic check never throws.
 */
export function createSyntheticChecks(deps: SyntheticCheckDeps) {
  const timeoutMs = deps.config.probes.timeout;
  /** Runs one check within the timeout; a Lark check that fails or hangs fails its key. */
  const bounded = async (
    what: string,
    key: string,
    run: () => Promise<Observation[]>,
  ): Promise<Observation[]> => {
    try {
      return await withTimeout(run(), timeoutMs, `${what}: no answer within ${timeoutMs} ms`);
    } catch (error) {
      return observeLarkFailure(key, error, key === 'lark.token' ? [] : ['lark.token']);
    }
  };

  async function readBase(base: BasePolicy): Promise<Observation[]> {
    const key = `base.read:${base.alias}`;
    const tables = await deps.reader.listTables(base.appToken);
    const wanted = base.tables[0];
    const table = tables.find((candidate) => candidate.name === wanted || candidate.tableId === wanted);
    if (!table) {
      return [
        {
          key,
          status: 'failing',
          detail: `table ${wanted} is not in the Base (it has ${tables.length} tables)`,
        },
      ];
    }
    const { total } = await deps.reader.searchRecords(base.appToken, table.tableId, [], { max: 1 });
    return [{ key, status: 'ok', detail: `${table.name}: ${total} records` }];
  }

  async function runScheduledChecks(): Promise<Observation[]> {
    const bases = safeBases(deps.bases);
    const token = bounded('token fetch', 'lark.token', () =>
      observeLarkToken({
        lark: deps.lark,
        appId: deps.appId,
        appSecret: deps.appSecret,
        timeoutMs,
        observer: 'worker',
      }),
    );
    const reads = bases.map((base) =>
      bounded(`records read on ${base.alias}`, `base.read:${base.alias}`, async () => {
        try {
          return await readBase(base);
        } catch (error) {
          return observeLarkFailure(`base.read:${base.alias}`, error, ['lark.token']);
        }
      }),
    );
    const freshness = observeAuditFreshness({
      readNewest: () =>
        withTimeout(
          readNewestAuditTimes({
            filePath: deps.audit.filePath,
            redis: deps.redis,
            streamKey: deps.audit.streamKey,
          }),
          timeoutMs,
        ),
      writeKeepalive: (details) => withTimeout(deps.audit.keepalive(details), timeoutMs),
      now: deps.clock,
      maxLagMs: deps.config.audit.max_lag,
      maxSilenceMs: deps.config.audit.max_silence,
    }).catch((error: Error): Observation[] => [
      { key: 'audit.lag', status: 'unknown', detail: `cannot read the audit sinks: ${error.message}` },
    ]);
    const drills =
      deps.config.probes.drill_age && deps.drills
        ? (async () => {
            const source = deps.drills as DrillSource;
            try {
              const lastPassing = await withTimeout(source.lastPassing(bases), timeoutMs);
              return evaluateDrillAge({ bases, lastPassing, now: deps.clock() });
            } catch {
              return [];
            }
          })()
        : Promise.resolve([]);
    const [tokenResults, readResults, freshnessResults, drillResults] = await Promise.all([
      token,
      Promise.all(reads),
      freshness,
      drills,
    ]);
    return [...tokenResults, ...groupBaseFailures(readResults.flat()), ...freshnessResults, ...drillResults];
  }

  return {
    run(name: SyntheticCheckName): Promise<Observation[]> {
      if (name === 'token-refresh') {
        return bounded('token-refresh call', 'lark.token_refresh', () =>
          observeTokenRefresh(deps.tokenRefresh),
        );
      }
      return runScheduledChecks();
    },
  };
}

/**
 * When every base fails to read (two or more), the Base API itself is the problem: one `lark.base_api`
 * alert explains them all instead of a page per base.
 */
function groupBaseFailures(reads: Observation[]): Observation[] {
  const bases = reads.filter((observation) => observation.key.startsWith('base.read:'));
  const failing = bases.filter((observation) => observation.status === 'failing');
  if (bases.length < 2) return reads;
  if (failing.length < bases.length) return [...reads, { key: 'lark.base_api', status: 'ok', detail: '' }];
  const first = failing[0] as Observation;
  return [
    ...reads.map((observation) =>
      observation.key.startsWith('base.read:')
        ? { ...observation, causes: [...(observation.causes ?? []), 'lark.base_api'] }
        : observation,
    ),
    {
      key: 'lark.base_api',
      status: 'failing',
      detail: `none of the ${bases.length} configured bases can be read; first: ${first.detail}`,
      causes: (first.causes ?? []).filter((cause) => cause !== 'lark.base_api'),
    },
  ];
}

function safeBases(bases: () => readonly BasePolicy[]): readonly BasePolicy[] {
  try {
    return bases();
  } catch {
    return [];
  }
}
