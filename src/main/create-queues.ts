import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import {
  INTAKE_QUEUE,
  type IncomingMessage,
  type IntakeJob,
  type LimitNotice,
  type LiveOpJob,
  liveOpQueueName,
  MAINTENANCE_QUEUE,
} from '../../jobs/queue-names.js';
import { RETRY_LATER_BACKOFF } from '../../jobs/retry-later.js';
import type { GovernedRequest } from '../domain/governed-request.js';
import type { Policy } from '../domain/policy.js';
import type { RollbackTrigger } from '../domain/rollback-trigger.js';

export type Queues = ReturnType<typeof createQueues>;

/** Live-op jobs are kept after they finish, so a re-added job id stays a duplicate (reliability-notes §2.1). */
const KEEP_DONE_SECONDS = 30 * 24 * 3600;

/**
 * Producers. The connection should fail fast (`enableOfflineQueue: false`): when Redis is down, a push
 * gets 503 at once and Lark retries it, instead of waiting in a memory queue that a crash would lose.
 */
/** Every intake job's retries and retention (messages, rollback triggers, over-limit notices alike). */
const INTAKE_JOB_OPTIONS = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 1_000 },
  removeOnComplete: { age: 24 * 3600 },
  removeOnFail: { age: 7 * 24 * 3600 },
};

export function createQueues(connection: Redis, prefix: string, policy: () => Policy) {
  // A producer reports Redis being down on each call (which answers 503 or retries); its 'error' events
  // need a listener, or Node prints every reconnect failure.
  const quiet = <Q extends Queue>(queue: Q): Q => {
    queue.on('error', () => undefined);
    return queue;
  };
  const intake = quiet(new Queue<IntakeJob>(INTAKE_QUEUE, { connection, prefix }));
  const liveOps = new Map<string, Queue<LiveOpJob>>();
  const maintenance = quiet(new Queue(MAINTENANCE_QUEUE, { connection, prefix }));

  function liveOp(alias: string): Queue<LiveOpJob> {
    let queue = liveOps.get(alias);
    if (!queue) {
      queue = quiet(new Queue<LiveOpJob>(liveOpQueueName(alias), { connection, prefix }));
      liveOps.set(alias, queue);
    }
    return queue;
  }

  return {
    intake,
    maintenance,
    liveOp,
    /**
     * `priority` comes from the requester gate (1 + the sender's messages in flight). Every intake job
     * carries one: BullMQ takes jobs without a priority before all prioritized ones.
     */
    async enqueueMessage(message: IncomingMessage, priority = 1): Promise<void> {
      await intake.add(
        'message',
        { message },
        {
          jobId: `msg-${message.messageId}`,
          priority,
          ...INTAKE_JOB_OPTIONS,
        },
      );
    },
    async enqueueRollback(trigger: RollbackTrigger): Promise<void> {
      await intake.add(
        'rollback',
        { rollback: trigger },
        {
          jobId: `rb-${trigger.triggerId}`.replace(/:/g, '-'),
          // A click on Roll back: as urgent as anyone's first message.
          priority: 1,
          ...INTAKE_JOB_OPTIONS,
        },
      );
    },
    /** The over-limit reply: ahead of every queued message (it is the only answer the skipped ones get). */
    async enqueueNotice(notice: LimitNotice): Promise<void> {
      await intake.add(
        'notice',
        { notice },
        {
          jobId: `notice-${notice.messageId}`,
          priority: 1,
          ...INTAKE_JOB_OPTIONS,
        },
      );
    },
    async enqueueLiveOp(request: GovernedRequest): Promise<void> {
      await liveOp(request.plan.base.alias).add(
        'live-op',
        { requestId: request.id },
        {
          jobId: request.id,
          attempts: 10,
          // A RetryLater carrying Lark's reset is retried after exactly that; anything else backs off
          // exponentially from 2 s. Workers resolve this type with retryLaterBackoff (start-worker.ts).
          // Permanent Lark errors never get here: runLiveOp ends the request at once.
          backoff: { type: RETRY_LATER_BACKOFF, delay: 2_000 },
          removeOnComplete: { age: KEEP_DONE_SECONDS },
          removeOnFail: { age: KEEP_DONE_SECONDS },
        },
      );
    },
    /** Sets global concurrency 1 on every base's live-op queue: one in-flight write per Base. */
    async prepare(): Promise<void> {
      for (const base of policy().bases) await liveOp(base.alias).setGlobalConcurrency(1);
    },
    async close(): Promise<void> {
      await Promise.all([
        intake.close(),
        maintenance.close(),
        ...[...liveOps.values()].map((queue) => queue.close()),
      ]);
    },
  };
}
