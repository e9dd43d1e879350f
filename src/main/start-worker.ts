import { type Job, Queue, Worker } from 'bullmq';
import { answerFailedIntake, type FailedIntake } from '../../jobs/answer-failed-intake.js';
import { handleChatMessage } from '../../jobs/handle-chat-message.js';
import { DRILLS_QUEUE, handleDrill } from '../../jobs/handle-drill.js';
import { handleLiveOp } from '../../jobs/handle-live-op.js';
import {
  INTAKE_QUEUE,
  type IntakeJob,
  IntakeJob as IntakeJobSchema,
  type LiveOpJob,
  liveOpQueueName,
  MAINTENANCE_QUEUE,
} from '../../jobs/queue-names.js';
import { readFailureFacts } from '../../jobs/read-failure-facts.js';
import { retryLaterBackoff } from '../../jobs/retry-later.js';
import { sweepFailedIntake } from '../../jobs/sweep-failed-intake.js';
import { sweepRequests } from '../app/approvals/sweep-requests.js';
import { finishRequest } from '../app/live-op/finish-request.js';
import type { FinishStep } from '../app/live-op/live-op-deps.js';
import { deliverOwed } from '../app/live-op/run-live-op.js';
import { askForRollback } from '../app/requests/ask-for-rollback.js';
import { uuidFor } from '../app/requests/uuid-for.js';
import { buildLimitNoticeText } from '../domain/build-limit-notice-text.js';
import { decide } from '../domain/guard.js';
import { parseDuration } from '../domain/parse-duration.js';
import { replyLocale } from '../domain/reply-locale.js';
import type { ChatSender } from '../ports/chat-sender.js';
import { createIntakeAnswerMarks } from '../store/create-intake-answer-marks.js';
import { createRequesterGate } from '../store/create-requester-gate.js';
import { createChatDeps } from './create-chat-deps.js';
import { createLiveOpDeps } from './create-live-op-deps.js';
import { createQueues } from './create-queues.js';
import type { Runtime } from './create-runtime.js';
import { holdWithoutPolicy } from './hold-without-policy.js';
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
  /** Called after each step of a live op's finish (the crash tests kill the worker there). */
  onFinishStep?: (step: FinishStep) => void;
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
  const liveOpDeps = await createLiveOpDeps(runtime, {
    ...(options.lockDurationMs === undefined ? {} : { lockDurationMs: options.lockDurationMs }),
    ...(options.reconcileDelayMs === undefined ? {} : { reconcileDelayMs: options.reconcileDelayMs }),
    ...(options.onFinishStep === undefined ? {} : { onFinishStep: options.onFinishStep }),
  });
  const requests = liveOpDeps.requests;
  const producer = runtime.connectForWorker();
  const queues = createQueues(producer, prefix, policy);
  await queues.prepare();
  const common = { policy, decide, audit: runtime.audit, clock: runtime.clock, logger };
  const chat = runtime.messenger;

  const chatDeps = createChatDeps(runtime);
  const intake = new Worker<IntakeJob>(
    INTAKE_QUEUE,
    holdWithoutPolicy(runtime.policy, 'hold', async (job: Job<IntakeJob>) => {
      const data = IntakeJobSchema.parse(job.data);
      if ('message' in data) {
        await handleChatMessage(
          data.message,
          chatDeps(logger.child({ eventId: data.message.eventId, jobId: job.id })),
        );
      } else if ('rollback' in data) {
        await askForRollback(
          data.rollback,
          chatDeps(logger.child({ rollbackOf: data.rollback.requestId, jobId: job.id })),
        );
      } else {
        const { notice } = data;
        // The paced messenger takes the chat id, to pace sends per chat (ChatSender says so; its type does not).
        const text = buildLimitNoticeText(notice, localeOf(notice.requester));
        await (chat as ChatSender).replyText(notice.messageId, text, {
          uuid: uuidFor(notice.messageId, 'limit'),
          chatId: notice.chatId,
        });
      }
    }),
    {
      connection: runtime.connectForWorker(),
      prefix,
      concurrency: 4,
      lockDuration: options.lockDurationMs ?? 30_000,
      stalledInterval: options.stalledIntervalMs ?? 30_000,
      // Intake is idempotent (request ids derive from the message, sends carry a uuid): re-running is safe.
      maxStalledCount: 5,
    },
  );

  // Every request gets an answer: a job out of retries is answered at once by this hook, or by the sweeper
  // when this process died first or Lark did not take the reply (jobs/answer-failed-intake.ts).
  // The language of a reply to someone (chats.user_locales, chats.locale); English while no policy is loaded.
  const localeOf = (requester: string) => {
    const current = runtime.policy.current();
    return current ? replyLocale(current, requester) : 'en_us';
  };
  const answerDeps = {
    chat,
    localeOf,
    audit: runtime.audit,
    marks: createIntakeAnswerMarks(runtime.redis, runtime.keys),
    logger: logger.child({ component: 'intake-answers' }),
  };
  const failedIntake = (job: Job<IntakeJob>, foundBy: FailedIntake['foundBy'], error?: Error) => {
    const data = IntakeJobSchema.safeParse(job.data);
    if (!job.id || !data.success) return null;
    return {
      jobId: job.id,
      data: data.data,
      attempts: job.attemptsMade,
      facts: readFailureFacts(job, error),
      foundBy,
    } satisfies FailedIntake;
  };
  // A message done for good no longer counts against its sender's priority (src/store/create-requester-gate.ts).
  const gate = createRequesterGate(runtime.redis, runtime.keys);
  const release = (job: Job<IntakeJob>) => {
    const sender = (job.data as { message?: { senderOpenId?: unknown } }).message?.senderOpenId;
    if (typeof sender !== 'string') return Promise.resolve();
    return gate.release(sender);
  };
  const releaseQuietly = (job: Job<IntakeJob>) =>
    release(job).catch((failure: Error) =>
      logger.warn({ jobId: job.id, err: failure.message }, 'could not release an intake slot'),
    );
  intake.on('completed', (job) => {
    void releaseQuietly(job);
  });
  intake.on('failed', (job, error) => {
    if (!job) return;
    void (async () => {
      // Only a final failure is in the failed set; an attempt that will be retried is delayed or waiting.
      if (!(await job.isFailed())) return;
      void releaseQuietly(job);
      const failed = failedIntake(job, 'worker', error);
      if (failed) await answerFailedIntake(failed, answerDeps);
    })().catch((failure: Error) =>
      logger.warn(
        { jobId: job.id, err: failure.message },
        'could not answer a failed intake job at once: the sweeper will',
      ),
    );
  });
  /** Failed this long ago and still unanswered: the hook is not coming (the sweeper's grace). */
  const SWEEP_GRACE_MS = 10_000;

  const liveWorkers = loaded.policy.bases.map((base) => {
    const worker = new Worker<LiveOpJob>(
      liveOpQueueName(base.alias),
      holdWithoutPolicy(runtime.policy, 'hold', (job: Job<LiveOpJob>) =>
        handleLiveOp(job, { ...liveOpDeps, logger }),
      ),
      {
        connection: runtime.connectForWorker(),
        prefix,
        concurrency: 1,
        // Live-op jobs back off with RETRY_LATER_BACKOFF: Lark's reset when it gave one (create-queues.ts).
        settings: { backoffStrategy: retryLaterBackoff },
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
        const ended = await finishRequest(
          stored,
          'needs_review',
          { problem: `gave up after ${job.attemptsMade} attempts: ${error.message}` },
          liveOpDeps,
        );
        await deliverOwed(ended, liveOpDeps);
      })().catch((failure: Error) =>
        logger.error({ err: failure.message }, 'could not record a failed live op'),
      );
    });
    return worker;
  });

  const maintenance = new Worker(
    MAINTENANCE_QUEUE,
    holdWithoutPolicy(runtime.policy, 'skip', async () =>
      sweepRequests({
        ...common,
        requests,
        chat,
        outbox: liveOpDeps.outbox,
        requeueAfterMs: options.requeueAfterMs ?? 30_000,
        answerFailedIntake: () =>
          sweepFailedIntake({
            ...answerDeps,
            listFailed: async () => {
              const cutoff = runtime.clock() - SWEEP_GRACE_MS;
              const jobs = (await queues.intake.getFailed(0, 99)) as Job<IntakeJob>[];
              return jobs.flatMap((job) => {
                if (!job || (job.finishedOn ?? 0) > cutoff) return [];
                const failed = failedIntake(job, 'sweeper');
                return failed ? [failed] : [];
              });
            },
          }),
        ensureLiveOpJob: async (request) => {
          const queue = queues.liveOp(request.plan.base.alias);
          const job = await queue.getJob(request.id);
          if (job && (await job.isFailed())) await job.retry();
          else if (!job) await queues.enqueueLiveOp(request);
        },
      }),
    ),
    { connection: runtime.connectForWorker(), prefix, concurrency: 1 },
  );
  await queues.maintenance.upsertJobScheduler(
    'sweep',
    { every: options.maintenanceEveryMs ?? 15_000 },
    { name: 'sweep', data: {} },
  );

  // The scheduled rollback drill (`drills:` in larkgate.yaml); without the block, no schedule.
  const drills = loaded.config.drills;
  const drillQueue = new Queue(DRILLS_QUEUE, { connection: producer, prefix });
  // Redis being down is reported by the monitor; without a listener BullMQ prints every reconnect failure.
  drillQueue.on('error', () => undefined);
  const drillWorkers: Worker[] = [];
  if (drills) {
    const drillDeps = {
      chat: chatDeps(logger.child({ drill: 'scheduled' })),
      liveOp: liveOpDeps,
      notify: runtime.monitoring.notify,
    };
    drillWorkers.push(
      new Worker(
        DRILLS_QUEUE,
        holdWithoutPolicy(runtime.policy, 'skip', async () => handleDrill({ base: drills.base }, drillDeps)),
        { connection: runtime.connectForWorker(), prefix, concurrency: 1 },
      ),
    );
    await drillQueue.upsertJobScheduler(
      'rollback-drill',
      { every: parseDuration(drills.every) as number },
      { name: 'drill', data: {}, opts: { attempts: 1, removeOnComplete: 100, removeOnFail: 100 } },
    );
  } else {
    await drillQueue.removeJobScheduler('rollback-drill');
  }

  for (const worker of [intake, maintenance, ...liveWorkers, ...drillWorkers]) {
    worker.on('error', (error) => logger.error({ err: error.message }, 'worker error'));
  }
  // No policy in force: take no new jobs until a reload brings one back (a job already running refuses
  // at its next policy() and is retried later).
  const stopWatching = runtime.policy.subscribe((state) => {
    for (const worker of [intake, maintenance, ...liveWorkers, ...drillWorkers]) {
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
        ...drillWorkers.map((worker) => worker.close()),
      ]);
      // Audit-chat lines handed over by finished live ops go out before the connections close (at most
      // 10 s: what is left is in the outbox for the sweeper).
      await Promise.race([
        liveOpDeps.auditLines?.idle(),
        new Promise((resolve) => setTimeout(resolve, 10_000).unref()),
      ]);
      await drillQueue.close();
      await queues.close();
    },
  };
}
