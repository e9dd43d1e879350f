import { resolveSecret } from '../config/resolve-secret.js';
import { createDashboardReader } from '../dashboard/create-dashboard-reader.js';
import { type RunningDashboard, startDashboard } from '../dashboard/start-dashboard.js';
import { createMonitorKeys } from '../monitoring/monitor-keys.js';
import { createRequestStore } from '../store/create-request-store.js';
import type { Queues } from './create-queues.js';
import type { Runtime } from './create-runtime.js';

/**
 * The read-only dashboard of `larkgate serve` (`dashboard:` in the config). A dashboard that cannot listen
 * (its port taken, e.g. by another replica on this host) is logged and left out: serving Lark comes first.
 */
export async function startServeDashboard(
  runtime: Runtime,
  queues: Pick<Queues, 'liveOp'>,
  options: { port?: number; env: Readonly<Record<string, string | undefined>> },
): Promise<RunningDashboard | null> {
  const { loaded, logger } = runtime;
  const config = loaded.config.dashboard;
  if (!config.enabled) return null;
  const reader = createDashboardReader({
    redis: runtime.redis,
    requests: createRequestStore(runtime.redis, runtime.keys),
    auditStream: loaded.config.audit.stream,
    alertsKey: createMonitorKeys(loaded.config.redis.prefix).alerts,
    bases: () => runtime.policy.current()?.bases ?? [],
    queueDepth: async (alias) => {
      const counts = await queues.liveOp(alias).getJobCounts('waiting', 'prioritized', 'delayed', 'active');
      return Object.values(counts).reduce((sum, count) => sum + count, 0);
    },
    clock: runtime.clock,
  });
  try {
    // A token that cannot be resolved leaves the dashboard off (fail closed), never open without it.
    const token = config.token
      ? await resolveSecret(
          config.token,
          { env: options.env, baseDir: loaded.dir },
          loaded.path,
          'dashboard.token',
        )
      : null;
    const dashboard = await startDashboard({
      listen: config.listen,
      ...(options.port === undefined ? {} : { port: options.port }),
      token,
      refreshSeconds: config.refresh_seconds,
      reader,
      logger: logger.child({ component: 'dashboard' }),
    });
    logger.info({ url: dashboard.url }, 'read-only dashboard listening');
    return dashboard;
  } catch (error) {
    logger.error({ err: (error as Error).message, listen: config.listen }, 'dashboard not started');
    return null;
  }
}
