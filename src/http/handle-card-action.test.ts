import { Redis } from 'ioredis';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_HASH_KEY } from '../../test/audit/audit-test-keys.js';
import { makeBase, makePolicy } from '../../test/builders/make-policy.js';
import { makeRequest, T0 } from '../../test/builders/make-request.js';
import { createFakeAudit } from '../../test/fakes/fake-audit.js';
import { createFakeRequestStore } from '../../test/fakes/fake-request-store.js';
import { useRedisServer } from '../../test/helpers/redis.js';
import type { CardAction } from '../app/approvals/card-action.js';
import type { AuditEvent, AuditEventType } from '../domain/audit-event.js';
import type { GovernedRequest } from '../domain/governed-request.js';
import { decide } from '../domain/guard.js';
import type { Audit, AuditInput } from '../ports/audit.js';
import type { RequestStore } from '../ports/request-store.js';
import { AuditUnavailableError } from '../store/audit-unavailable-error.js';
import { type AuditSink, createAuditLog } from '../store/create-audit-log.js';
import { createRequestStore } from '../store/create-request-store.js';
import { createRedisKeys } from '../store/redis-keys.js';
import { type CardActionDeps, handleCardAction } from './handle-card-action.js';

const PREFIX = 'cardaction';
let redis: Redis;
let requests: RequestStore;
let chains = 0;
const server = await useRedisServer();
beforeAll(() => {
  redis = new Redis(server.url);
  requests = createRequestStore(redis, createRedisKeys(PREFIX));
});
afterAll(async () => {
  await redis.quit();
});

/**
 * The real audit log (group commit, both sinks) over two in-memory sinks that refuse any batch holding an
 * event of `refuse`: like a full disk and a Redis stream that will not take the write.
 */
function auditLog(refuse: string | null = null) {
  const lines: string[] = [];
  const sink = (name: string, keep: boolean): AuditSink => ({
    name,
    async write(line) {
      await this.writeBatch?.([line]);
    },
    async writeBatch(batch) {
      if (refuse !== null && batch.some((line) => JSON.parse(line).type === refuse))
        throw new Error(`${name} is unavailable`);
      if (keep) lines.push(...batch);
    },
    async close() {},
  });
  const log = createAuditLog({
    chain: `test-cardaction-${++chains}`,
    sinks: [sink('file', true), sink('stream', false)],
    clock: () => new Date(T0),
    onSinkFailure: () => undefined,
    hashKey: TEST_HASH_KEY,
    checkpointEvery: 0,
  });
  const audit: Audit = (input: AuditInput) => log.append({ ...input, type: input.type as AuditEventType });
  const events = () => lines.map((line) => JSON.parse(line) as AuditEvent);
  return { audit, events };
}

async function stored(request: GovernedRequest): Promise<GovernedRequest> {
  await requests.create(request);
  return request;
}

function freshRequest(id: string, overrides: Partial<GovernedRequest> = {}): GovernedRequest {
  return makeRequest({ id: `req_cardaction${id}`, ...overrides });
}

function depsWith(audit: Audit, policy = makePolicy()) {
  const queued: string[] = [];
  const deps: CardActionDeps = {
    policy: () => policy,
    decide,
    audit,
    clock: () => T0 + 1,
    logger: pino({ level: 'silent' }),
    requests,
    enqueueLiveOp: async (request) => {
      queued.push(request.id);
    },
    enqueueRollback: async () => undefined,
  };
  return { deps, queued };
}

function approve(request: GovernedRequest, voter: string) {
  return {
    operatorOpenId: voter,
    messageId: 'om_card',
    chatId: 'oc_requests',
    value: { action: 'approve', request_id: request.id, scope: request.scopeHash },
  };
}

async function artefactKeys(): Promise<string[]> {
  return redis.keys(`${PREFIX}:art:*`);
}

describe('a click is audited exactly as it was stored', () => {
  it('an approval the audit log cannot take leaves the request as it was, mints nothing and queues nothing', async () => {
    const request = await stored(freshRequest('aa'));
    const before = await requests.get(request.id);
    const artefactsBefore = await artefactKeys();
    const log = auditLog('approval.created');
    const { deps, queued } = depsWith(log.audit);

    await expect(handleCardAction(approve(request, 'ou_bob'), deps)).rejects.toBeInstanceOf(
      AuditUnavailableError,
    );

    expect((await requests.get(request.id))?.raw).toBe(before?.raw);
    expect(await requests.listByState('pending')).toContain(request.id);
    expect(await requests.listByState('approved')).not.toContain(request.id);
    expect(await artefactKeys()).toEqual(artefactsBefore);
    expect(queued).toEqual([]);
    // The vote and the approval go in one group commit: neither is in the log.
    expect(log.events()).toEqual([]);
  });

  it('queues the live op only once the approval is in the audit log', async () => {
    const request = await stored(freshRequest('bb'));
    const log = auditLog();
    const { deps } = depsWith(log.audit);
    let loggedWhenQueued: string[] = [];
    deps.enqueueLiveOp = async () => {
      loggedWhenQueued = log.events().map((event) => event.type);
    };

    const answer = await handleCardAction(approve(request, 'ou_bob'), deps);

    expect(answer.toast.type).toBe('success');
    expect(loggedWhenQueued).toEqual(['approval.vote', 'approval.created']);
  });

  it('two approvers racing: the loser is audited only as refused, and one approval is created', async () => {
    const request = await stored(freshRequest('cc'));
    const log = auditLog();
    const { deps, queued } = depsWith(log.audit);

    const answers = await Promise.all([
      handleCardAction(approve(request, 'ou_bob'), deps),
      handleCardAction(approve(request, 'ou_carol'), deps),
    ]);
    const events = log.events().filter((event) => event.request_id === request.id);
    const created = events.filter((event) => event.type === 'approval.created');
    const votes = events
      .filter((event) => event.type === 'approval.vote')
      .map((event) => `${event.actor}:${event.details.result}`);
    const winner = String(created[0]?.actor);
    const loser = winner === 'ou_bob' ? 'ou_carol' : 'ou_bob';

    expect(answers.map((a) => a.toast.type).sort()).toEqual(['info', 'success']);
    expect(created).toHaveLength(1);
    expect(votes).toEqual([`${winner}:approved`, `${loser}:denied`]);
    expect(queued).toEqual([request.id]);
    expect((await requests.get(request.id))?.request.artefactId).toBe(created[0]?.details.artefact_id);
  });

  it('when another vote landed on top of one the audit log refused, only the refused vote is taken out', async () => {
    const policy = makePolicy([makeBase({ approvers: ['ou_bob', 'ou_carol', 'ou_dave'] })]);
    const request = await stored(freshRequest('dd', { approvalsNeeded: 3 }));
    const good = auditLog();
    const carol = depsWith(good.audit, policy).deps;
    // Bob's vote is stored, then Carol's lands on top while Bob's audit write is failing.
    const bob = depsWith(async (input) => {
      if (input.type === 'approval.vote' && input.actor === 'ou_bob') {
        await handleCardAction(approve(request, 'ou_carol'), carol);
        throw new AuditUnavailableError('no audit sink could record the event');
      }
      return good.audit(input);
    }, policy).deps;

    await expect(handleCardAction(approve(request, 'ou_bob'), bob)).rejects.toBeInstanceOf(
      AuditUnavailableError,
    );
    const after = (await requests.get(request.id))?.request;

    expect(after?.state).toBe('pending');
    expect(after?.votes.map((vote) => vote.voter)).toEqual(['ou_carol']);
    expect(good.events().map((event) => `${event.actor}:${event.details.result}`)).toEqual([
      'ou_carol:recorded',
    ]);
  });
});

async function fakeWorld(options: { ack?: boolean } = {}) {
  const { requests } = createFakeRequestStore();
  const request = makeRequest({ state: 'applied' });
  await requests.create(request);
  const audit = createFakeAudit();
  const queued: string[] = [];
  const acks: CardAction[] = [];
  const deps: CardActionDeps = {
    policy: () => makePolicy(),
    decide,
    audit: audit.audit,
    clock: () => T0,
    logger: { error: () => undefined } as unknown as CardActionDeps['logger'],
    requests,
    enqueueLiveOp: async (next) => {
      queued.push(`live ${next.id}`);
    },
    enqueueRollback: async (trigger) => {
      queued.push(`rollback ${trigger.requestId}`);
    },
    ...(options.ack
      ? {
          ackAlert: async (action: CardAction) => {
            acks.push(action);
            return { toast: { type: 'success' as const, content: 'acked' } };
          },
        }
      : {}),
  };
  return { deps, request, audit, queued, acks };
}

const clickWith = (value: Record<string, unknown>): CardAction => ({
  operatorOpenId: 'ou_bob',
  messageId: 'om_card',
  chatId: 'oc_requests',
  value,
});

describe('handleCardAction: the button value decides the use case', () => {
  it.each([
    ['an unknown action', { action: 'approve_all' }],
    ['a vote without its scope hash', { action: 'approve', request_id: 'req_aaaaaaaaaaaa' }],
    [
      'a vote with an extra field',
      { action: 'reject', request_id: 'req_aaaaaaaaaaaa', scope: 'a'.repeat(64), x: 1 },
    ],
  ])('refuses %s and audits it as unknown_action', async (_name, value) => {
    const w = await fakeWorld();

    const answer = await handleCardAction(clickWith(value), w.deps);

    expect(answer).toEqual({
      toast: { type: 'error', content: 'This button is not one Larkgate understands.' },
    });
    expect(w.audit.events).toEqual([
      {
        type: 'tool.denied',
        actor: 'ou_bob',
        requestId: null,
        details: {
          action: 'card-click',
          denials: [{ code: 'unknown_action', message: 'button value not understood' }],
        },
      },
    ]);
    expect(w.queued).toEqual([]);
  });

  it('a Roll back click queues the rollback’s preparation', async () => {
    const w = await fakeWorld();

    const answer = await handleCardAction(
      clickWith({ action: 'rollback', request_id: w.request.id }),
      w.deps,
    );

    expect(answer.toast.type).toBe('info');
    expect(w.queued).toEqual([`rollback ${w.request.id}`]);
  });

  it('a Roll back click with a malformed request id queues nothing', async () => {
    const w = await fakeWorld();

    const answer = await handleCardAction(
      clickWith({ action: 'rollback', request_id: 'req_../../x' }),
      w.deps,
    );

    expect(answer.toast.type).toBe('error');
    expect(w.queued).toEqual([]);
  });

  it('an Ack goes to the monitor when there is one, and is not understood when monitoring is off', async () => {
    const on = await fakeWorld({ ack: true });
    const off = await fakeWorld();
    const ack = clickWith({ action: 'ack', alert: 'burst.failed_intake', incident: 'inc-1' });

    expect((await handleCardAction(ack, on.deps)).toast.content).toBe('acked');
    expect(on.acks).toEqual([ack]);
    expect((await handleCardAction(ack, off.deps)).toast.type).toBe('error');
    expect(off.audit.types()).toEqual(['tool.denied']);
  });
});
