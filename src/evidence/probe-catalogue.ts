import { sealPush } from '../../emulator/events/seal-push.js';
import type { Control, Probe } from './probe.js';
import { approvedRequest, chatCommand, execute, openRequest, vote } from './probe-steps.js';
import { APPROVAL_PROBES } from './probes-approval.js';
import { CHAT_PROBES } from './probes-chat.js';
import { GATE_PROBES } from './probes-gates.js';

/** The catalogue of forbidden inputs `larkgate probes` runs (product.md §7, seeds/001). */
export const PROBES: readonly Probe[] = [...CHAT_PROBES, ...APPROVAL_PROBES, ...GATE_PROBES];

const UPDATE_CRM = 'update crm/Tasks recTask0001 Status=Done';

/**
 * Valid inputs that must go through, so that a guard refusing everything (or a broken harness) cannot
 * pass for a closed one.
 */
export const CONTROLS: readonly Control[] = [
  {
    id: 'C.read',
    title: 'a read in a requests chat',
    run: async (c) => {
      const result = await chatCommand(c, 'get crm/Tasks recTask0001', { from: 'ou_alice' });
      return { allowed: result.allowed, detail: result.refusals.map((r) => r.code).join(', ') || 'allowed' };
    },
  },
  {
    id: 'C.write-request',
    title: 'a write request on a live base',
    run: async (c) => {
      const result = await chatCommand(c, UPDATE_CRM, { from: 'ou_alice' });
      return { allowed: result.allowed, detail: result.refusals.map((r) => r.code).join(', ') || 'allowed' };
    },
  },
  {
    id: 'C.approval',
    title: 'an approval by an approver of the base',
    run: async (c) => {
      const result = await vote(c, await openRequest(c, { text: UPDATE_CRM, requester: 'ou_alice' }), {
        voter: 'ou_bob',
      });
      return {
        allowed: result.allowed && result.leaked.some((l) => l.includes('minted')),
        detail: result.leaked.join('; ') || 'refused',
      };
    },
  },
  {
    id: 'C.execute',
    title: 'the live op of an approved request',
    run: async (c) => {
      const { request, artefact } = await approvedRequest(c, UPDATE_CRM, 'ou_alice', ['ou_bob']);
      const result = await execute(c, request, artefact);
      return { allowed: result.allowed, detail: result.leaked.join('; ') || 'refused' };
    },
  },
  {
    id: 'C.push',
    title: 'a correctly signed and encrypted push',
    run: async (c) => {
      const now = c.rig.clock();
      const seal = sealPush(
        {
          schema: '2.0',
          header: {
            event_id: `ev_control_${c.runId}_${now}`,
            event_type: 'im.chat.updated_v1',
            token: c.rig.push.verificationToken.reveal(),
            create_time: String(now),
          },
          event: {},
        },
        c.rig.push.encryptKey.reveal(),
        now,
      );
      const headers = Object.fromEntries(Object.entries(seal.headers).map(([k, v]) => [k.toLowerCase(), v]));
      const answer = await c.rig.post('events', seal.body, headers);
      return { allowed: answer.status === 200, detail: `HTTP ${answer.status}` };
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
];
