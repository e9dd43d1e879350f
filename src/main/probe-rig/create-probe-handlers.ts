import type { Job } from 'bullmq';
import type { Logger } from 'pino';
import { handleChatMessage } from '../../../jobs/handle-chat-message.js';
import type { IncomingMessage } from '../../../jobs/queue-names.js';
import { runRollbackDrill } from '../../app/drills/run-rollback-drill.js';
import { createAuditLineFlusher } from '../../app/live-op/create-audit-line-flusher.js';
import type { LiveOpDeps } from '../../app/live-op/live-op-deps.js';
import { runLiveOp } from '../../app/live-op/run-live-op.js';
import type { RequestsDeps } from '../../app/requests/requests-deps.js';
import type { Policy } from '../../domain/policy.js';
import type { HandlerOptions, ProbeRig } from '../../evidence/probe.js';
import { RECENT_DRILL_MS } from '../../evidence/probe-steps.js';
import type { CardActionDeps } from '../../http/handle-card-action.js';
import { handleCardAction } from '../../http/handle-card-action.js';
import type { RequestStore } from '../../ports/request-store.js';
import type { SchemaGateway } from '../../ports/schema-gateway.js';
import type { Runtime } from '../create-runtime.js';
import { holdWithoutPolicy } from '../hold-without-policy.js';
import type { HandlerRunner, HandlerWiring } from './create-handler-runner.js';
import { recordWrites } from './record-writes.js';

export type ProbeHandlerParts = {
  runtime: Runtime;
  logger: Logger;
  requests: RequestStore;
  /** The policy the rig judges by now (a probe may switch the source). */
  policy: () => Policy;
  run: HandlerRunner;
  /** The serve and worker builders' deps (createChatDeps, createLiveOpDeps, createCardActionDeps). */
  chatBase: RequestsDeps;
  liveOpBase: LiveOpDeps;
  cardBase: (logger: Logger) => CardActionDeps;
};

/**
 * The real processors as the probes call them: the deps the composition roots build, with the guard under
 * test, the call's audit log and recording chat, and every Base write noted.
 */
export function createProbeHandlers(
  parts: ProbeHandlerParts,
): Pick<ProbeRig, 'chat' | 'cardAction' | 'liveOp' | 'drill' | 'intakeJob'> {
  const { runtime, requests, policy, run, chatBase, liveOpBase } = parts;
  const chatDeps = (
    wiring: HandlerWiring,
    options: HandlerOptions & { drillAt?: number | null },
  ): RequestsDeps => ({
    ...chatBase,
    policy,
    decide: options.decide,
    audit: wiring.audit,
    chat: wiring.chat,
    guardEvidence: async () => ({
      lastPassingDrillAt: options.drillAt === undefined ? runtime.clock() - RECENT_DRILL_MS : options.drillAt,
    }),
  });
  const liveOpDeps = (wiring: HandlerWiring, options: HandlerOptions, writes: string[]): LiveOpDeps => {
    const deps: LiveOpDeps = {
      ...liveOpBase,
      policy,
      decide: options.decide,
      audit: wiring.audit,
      chat: wiring.chat,
      writer: recordWrites(liveOpBase.writer, writes),
      schema: recordWrites(runtime.gateway as SchemaGateway, writes),
    };
    // The audit-chat lines go out through this run's chat, so a probe sees them (the worker's flusher would
    // send them through its own).
    return { ...deps, auditLines: createAuditLineFlusher(deps) };
  };
  return {
    async chat(message, options) {
      const { result: _, ...outcome } = await run(options, (wiring) =>
        handleChatMessage(message, chatDeps(wiring, options)),
      );
      return outcome;
    },
    async cardAction(action, options) {
      const queued: string[] = [];
      const { result, ...outcome } = await run(options, (wiring) =>
        handleCardAction(action, {
          ...parts.cardBase(parts.logger),
          policy,
          decide: options.decide,
          audit: wiring.audit,
          requests,
          enqueueLiveOp: async (request) => {
            queued.push(request.id);
          },
          enqueueRollback: async () => {
            queued.push('rollback');
          },
        }),
      );
      return { ...outcome, answer: result, queued };
    },
    async liveOp(requestId, options) {
      const writes: string[] = [];
      let backupAttempts = 0;
      const outcome = await run(options, async (wiring) => {
        const deps = liveOpDeps(wiring, options, writes);
        const result = await runLiveOp(requestId, {
          ...deps,
          saveBackup: async (plaintext) => {
            backupAttempts += 1;
            if (options.backupFails)
              throw new Error('the backup store refused the backup (injected by the probe)');
            return deps.saveBackup(plaintext);
          },
        });
        // The run ends once its audit-chat line has gone out, so the probe judges the line too.
        await deps.auditLines?.idle();
        return result;
      });
      const stored = await requests.get(requestId);
      const { result: _, ...rest } = outcome;
      return { ...rest, state: stored?.request.state ?? null, writes, backupAttempts };
    },
    async drill(base, options) {
      const writes: string[] = [];
      const { result, ...outcome } = await run(options, (wiring) =>
        runRollbackDrill(
          { base, trigger: 'probe' },
          {
            chat: {
              ...chatDeps(wiring, options),
              schema: recordWrites(runtime.gateway as SchemaGateway, writes),
            },
            liveOp: liveOpDeps(wiring, options, writes),
          },
        ),
      );
      return { ...outcome, passed: result?.passed ?? false, writes };
    },
    async intakeJob(message, source) {
      let ran = false;
      let delayedUntil: number | null = null;
      const decide = parts.chatBase.decide;
      const { result: _, ...outcome } = await run({ decide }, async (wiring) => {
        const processor = holdWithoutPolicy(
          source,
          'hold',
          async (job: Job<{ message: IncomingMessage }>) => {
            ran = true;
            await handleChatMessage(job.data.message, {
              ...chatDeps(wiring, { decide }),
              policy: () => source.require(),
            });
          },
        );
        const job = {
          id: `probe-${message.messageId}`,
          data: { message },
          moveToDelayed: async (timestamp: number) => {
            delayedUntil = timestamp;
          },
        } as unknown as Job<{ message: IncomingMessage }>;
        await processor(job, 'probe-token');
      });
      return { ...outcome, ran, delayedUntil };
    },
  };
}
