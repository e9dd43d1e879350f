import type { Actor } from '../../domain/guard.js';

/**
 * Who asks, as the guard judges it: a person in a chat, or an agent through the MCP server (no chat: the
 * guard's chat rules do not apply; its own agent rules do). `requester` is the person accountable (the
 * agent's sponsor), recorded as the request's requester; `auditActor` names the asker in audit events.
 */
export type Asker = {
  actor: Actor;
  requester: string;
  auditActor: string;
  chatId: string | null;
  chatType: 'group' | 'p2p' | null;
};

/** Where an opened request's card goes: a reply to this message, in this chat. */
export type RequestPlace = { chatId: string; sourceMessageId: string };

/** A person asking in a chat. */
export function userAsker(openId: string, chatId: string, chatType: 'group' | 'p2p'): Asker {
  return { actor: { kind: 'user', openId }, requester: openId, auditActor: openId, chatId, chatType };
}

/** An agent asking on behalf of its sponsor (audited as `agent:<id>`). */
export function agentAsker(agent: { id: string; onBehalfOf: string }): Asker {
  return {
    actor: { kind: 'agent', id: agent.id, onBehalfOf: agent.onBehalfOf },
    requester: agent.onBehalfOf,
    auditActor: `agent:${agent.id}`,
    chatId: null,
    chatType: null,
  };
}
