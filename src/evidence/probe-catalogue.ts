import { createPolicySource } from '../config/create-policy-source.js';
import type { Control, Probe } from './probe.js';
import {
  approvedRequest,
  chatCommand,
  chatMessage,
  execute,
  freshUpdate,
  lower,
  messageEvent,
  openRequest,
  vote,
} from './probe-steps.js';
import { AGENT_CONTROLS, AGENT_PROBES } from './probes-agents.js';
import { APPROVAL_PROBES } from './probes-approval.js';
import { AUDIT_PROBES } from './probes-audit.js';
import { CHAT_PROBES } from './probes-chat.js';
import { CONFIG_PROBES } from './probes-config.js';
import { FLOOD_PROBES } from './probes-flood.js';
import { GATE_PROBES } from './probes-gates.js';
import { TEXT_PROBES } from './probes-text.js';

/** The catalogue of forbidden inputs `larkgate probes` runs (docs/product.md §7, docs/seeds/001). */
export const PROBES: readonly Probe[] = [
  ...CHAT_PROBES,
  ...APPROVAL_PROBES,
  ...GATE_PROBES,
  ...FLOOD_PROBES,
  ...CONFIG_PROBES,
  ...TEXT_PROBES,
  ...AUDIT_PROBES,
  ...AGENT_PROBES,
];

const updateCrm = () => freshUpdate('crm/Tasks', 'recTask0001');

/**
 * Valid inputs that must go through the same real handlers, so that a guard refusing everything (or a
 * broken harness) cannot pass for a closed one.
 */
export const CONTROLS: readonly Control[] = [
  {
    id: 'C.read',
    title: 'a read in a requests chat',
    run: async (c) => {
      const result = await chatCommand(c, 'get crm/Tasks recTask0001', { from: 'ou_alice' });
      return { allowed: result.allowed, detail: result.refusals.map((r) => r.code).join(', ') || 'answered' };
    },
  },
  {
    id: 'C.write-request',
    title: 'a write request on a live base opens a request with its card',
    run: async (c) => {
      const result = await chatCommand(c, updateCrm(), { from: 'ou_alice' });
      return {
        allowed: result.allowed && result.leaked.some((line) => line.includes('opened (pending)')),
        detail: result.leaked.join('; ') || result.refusals.map((r) => r.code).join(', ') || 'nothing opened',
      };
    },
  },
  {
    id: 'C.limited-write-request',
    title: 'a listed requester’s listed op on a base in the limited stage opens a request',
    run: async (c) => {
      const result = await chatCommand(c, freshUpdate('pilot/Tasks', 'recTask0001'), { from: 'ou_alice' });
      return {
        allowed: result.allowed,
        detail: result.leaked.join('; ') || result.refusals.map((r) => r.code).join(', ') || 'nothing opened',
      };
    },
  },
  {
    id: 'C.approval',
    title: 'an approval by an approver of the base mints the artefact and queues the live op',
    run: async (c) => {
      const result = await vote(c, await openRequest(c, { text: updateCrm(), requester: 'ou_alice' }), {
        voter: 'ou_bob',
      });
      return {
        allowed:
          result.allowed &&
          result.leaked.some((l) => l.includes('minted')) &&
          result.leaked.some((l) => l.startsWith('live op queued')),
        detail: result.leaked.join('; ') || result.refusals.map((r) => r.code).join(', ') || 'refused',
      };
    },
  },
  {
    id: 'C.execute',
    title: 'the live op of an approved request backs up, writes and verifies',
    run: async (c) => {
      const { request } = await approvedRequest(c, updateCrm(), 'ou_alice', ['ou_bob']);
      const result = await execute(c, request);
      return {
        allowed: result.allowed && result.run.state === 'applied',
        detail: `${result.run.state}: ${result.leaked.join('; ') || result.refusals.map((r) => r.code).join(', ')}`,
      };
    },
  },
  {
    id: 'C.worker-with-policy',
    title: 'a chat job taken by a worker with a policy in force runs',
    run: async (c) => {
      const source = createPolicySource({ initial: c.rig.loaded, load: async () => c.rig.loaded, pin: null });
      const job = await c.rig.intakeJob(
        chatMessage(c, 'get crm/Tasks recTask0001', { from: 'ou_alice' }),
        source,
      );
      return {
        allowed: job.ran && job.delayedUntil === null && job.sent.length > 0,
        detail: job.error?.message ?? `ran: ${job.ran}, replies: ${job.sent.length}`,
      };
    },
  },
  {
    id: 'C.push',
    title: 'a correctly signed and encrypted message push reaches the intake queue',
    run: async (c) => {
      const now = c.rig.clock();
      const seal = c.rig.push.seal(messageEvent(c), c.rig.push.encryptKey.reveal(), now);
      const headers = lower(seal.headers);
      const answer = await c.rig.post('events', seal.body, headers);
      return {
        allowed: answer.status === 200 && answer.queued.length === 1,
        detail: `HTTP ${answer.status}, ${answer.queued.length} message(s) queued`,
      };
    },
  },
  {
    id: 'C.policy',
    title: 'the embedded organisation’s own policy loads',
    run: async (c) => {
      const loaded = await c.rig.loadConfigText(c.rig.configText);
      return { allowed: loaded.policy.bases.length > 0, detail: `policy ${loaded.policy.hash.slice(0, 12)}` };
    },
  },
  ...AGENT_CONTROLS,
];
