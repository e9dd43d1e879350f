import { readFile } from 'node:fs/promises';
import { type Job, Worker } from 'bullmq';
import { finishRequest } from '../../jobs/finish-request.js';
import { handleChatMessage } from '../../jobs/handle-chat-message.js';
import { handleLiveOp } from '../../jobs/handle-live-op.js';
import { handleMaintenance } from '../../jobs/handle-maintenance.js';
import { handleRollback } from '../../jobs/handle-rollback.js';
import {
  INTAKE_QUEUE,
  type IntakeJob,
  IntakeJob as IntakeJobSchema,
  type LiveOpJob,
  LiveOpJob as LiveOpJobSchema,
  liveOpQueueName,
  MAINTENANCE_QUEUE,
} from '../../jobs/queue-names.js';
import { RetryLater } from '../../jobs/retry-later.js';
import { createBackupStore } from '../backup/create-backup-store.js';
import { encryptBackup } from '../backup/encrypt-backup.js';
import { parseRecipientKeys } from '../backup/parse-recipient-keys.js';
import { ConfigError } from '../config/config-error.js';
import { resolveFrom } from '../config/load-config.js';
import { createBaseLeaser } from '../store/create-base-lease.js';
import { createRequestStore } from '../store/create-request-store.js';
import { createChatDeps } from './create-chat-deps.js';
import { createQueues } from './create-queues.js';
import type { Runtime } from './create-runtime.js';
import { startWorkerMonitoring } from './start-worker-monitoring.js';

export type WorkerOptions = {
  /** Sweeper period; production 15 s. */
  maintenanceEveryMs?: number;
  requeueAfterMs?: number;
  reconcileDelayMs?: number;
  /** BullMQ lock duration; a killed worker's job is picked up again after about this long (default 30 s). */
  lockDurationMs?: number;
  /** How often BullMQ looks for stalled jobs (default 30 s). */
  stalledIntervalMs?: number;
};

export type RunningWorker = { close(): Promise<void> };

/**
 * `larkgate worker`: the BullMQ workers. Chat intake (parse, guard, dry run, card), one live-op queue per
 * base with global concurrency 1, and the maintenance sweeper (expiry, re-queueing lost approvals).
 */
export async function startWorker(runtime: Runtime, options: WorkerOptions = {}): Promise<RunningWorker> {
  const { loaded, logger } = runtime;
  // Every use of the policy goes through the policy source: none in force means refuse (fail closed).
  const policy = () => runtime.policy.require();
  const prefix = runtime.keys.queuePrefix;
  const requests = createRequestStore(runtime.redis, runtime.keys);
  const recipients = await loadRecipients(runtime);
  const backups = createBackupStore({ dir: resolveFrom(loaded.dir, loaded.config.backup.dir) });
  const producer = runtime.connectForWorker();
  const queues = createQueues(producer, prefix, policy);
  await queues.prepare();
  const common = { policy, audit: runtime.audit, clock: runtime.clock, logger };
  const chat = runtime.messenger;

  const chatDeps = createChatDeps(runtime);
  const intake = new Worker<IntakeJob>(
    INTAKE_QUEUE,
    async (job: Job<IntakeJob>) => {
      const data = IntakeJobSchema.parse(job.data);
      if ('message' in data) {
        await handleChatMessage(
          data.message,
          chatDeps(logger.child({ eventId: data.message.eventId, jobId: job.id })),
        );
      } else {
        await handleRollback(
          data.rollback,
          chatDeps(logger.child({ rollbackOf: data.rollback.requestId, jobId: job.id })),
        );
      }
    },
    { connection: runtime.connectForWorker(), prefix, concurrency: 4 },
  );

  const liveOpDeps = {
    ...common,
    requests,
    reader: runtime.gateway,
    writer: runtime.gateway,
    chat,
    leaseBase: createBaseLeaser(runtime.redis, loaded.config.redis.prefix, options.lockDurationMs ?? 30_000),
    reconcileDelayMs: options.reconcileDelayMs ?? 1_000,
    saveBackup: async (plaintext: Uint8Array) => {
      const saved = await backups.save(await encryptBackup(plaintext, recipients));
      return { backupId: saved.backupId, bytes: saved.bytes };
    },
  };
  const liveWorkers = loaded.policy.bases.map((base) => {
    const worker = new Worker<LiveOpJob>(
      liveOpQueueName(base.alias),
      async (job: Job<LiveOpJob>) => {
        const { requestId } = LiveOpJobSchema.parse(job.data);
        try {
          return await handleLiveOp(requestId, {
            ...liveOpDeps,
            logger: logger.child({ requestId, jobId: job.id }),
          });
        } catch (error) {
          if (error instanceof RetryLater)
            logger.warn({ requestId, why: error.message }, 'live op will retry');
          throw error;
        }
      },
      {
        connection: runtime.connectForWorker(),
        prefix,
        concurrency: 1,
        lockDuration: options.lockDurationMs ?? 30_000,
        stalledInterval: options.stalledIntervalMs ?? 30_000,
        // The processor resumes from its persisted step, so re-running a stalled job is safe.
        maxStalledCount: 10,
      },
    );
    worker.on('failed', (job, error) => {
      if (!job || job.attemptsMade < (job.opts.attempts ?? 1)) return;
      // Out of retries: stop for a human, with the reason on the card.
      void (async () => {
        const stored = await requests.get(job.data.requestId);
        if (!stored || !['approved', 'executing'].includes(stored.request.state)) return;
        await finishRequest(
          stored,
          'needs_review',
          { problem: `gave up after ${job.attemptsMade} attempts: ${error.message}` },
          liveOpDeps,
        );
      })().catch((failure: Error) =>
        logger.error({ err: failure.message }, 'could not record a failed live op'),
      );
    });
    return worker;
  });

  const maintenance = new Worker(
    MAINTENANCE_QUEUE,
    async () =>
      handleMaintenance({
        ...common,
        requests,
        chat,
        requeueAfterMs: options.requeueAfterMs ?? 30_000,
        ensureLiveOpJob: async (request) => {
          const queue = queues.liveOp(request.plan.base.alias);
          const job = await queue.getJob(request.id);
          if (job && (await job.isFailed())) await job.retry();
          else if (!job) await queues.enqueueLiveOp(request);
        },
      }),
    { connection: runtime.connectForWorker(), prefix, concurrency: 1 },
  );
  await queues.maintenance.upsertJobScheduler(
    'sweep',
    { every: options.maintenanceEveryMs ?? 15_000 },
    { name: 'sweep', data: {} },
  );

  for (const worker of [intake, maintenance, ...liveWorkers]) {
    worker.on('error', (error) => logger.error({ err: error.message }, 'worker error'));
  }
  // No policy in force: take no new jobs until a reload brings one back (a job already running refuses
  // at its next policy() and is retried later).
  const stopWatching = runtime.policy.subscribe((state) => {
    for (const worker of [intake, maintenance, ...liveWorkers]) {
      if (state.policy === null) void worker.pause(true);
      else worker.resume();
    }
    if (state.policy === null) logger.error({ problem: state.problem }, 'no policy in force: workers paused');
  });
  const monitoring = await startWorkerMonitoring(runtime, { workers: [intake, maintenance, ...liveWorkers] });
  logger.info({ bases: loaded.policy.bases.map((base) => base.alias) }, 'worker started');
  return {
    async close() {
      stopWatching();
      await monitoring.close();
      await Promise.all([
        intake.close(),
        maintenance.close(),
        ...liveWorkers.map((worker) => worker.close()),
      ]);
      await queues.close();
    },
  };
}

async function loadRecipients(runtime: Runtime) {
  const { loaded } = runtime;
  const armored: string[] = [];
  for (const [index, path] of loaded.config.backup.recipients.entries()) {
    try {
      armored.push(await readFile(resolveFrom(loaded.dir, path), 'utf8'));
    } catch {
      throw new ConfigError(
        loaded.path,
        `backup.recipients[${index}]`,
        `cannot read public key file ${path}`,
      );
    }
  }
  try {
    return await parseRecipientKeys(armored);
  } catch (error) {
    throw new ConfigError(loaded.path, 'backup.recipients', (error as Error).message);
  }
}
