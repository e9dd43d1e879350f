import { randomUUID } from 'node:crypto';
import type { RequestPlace } from '../../app/requests/asker.js';
import { chatText, mentionInChat } from '../../domain/chat-text.js';
import type { AgentPolicy } from '../../domain/policy.js';
import type { McpDeps } from '../mcp-deps.js';

/**
 * Posts what an agent asks for, and why, to its requests chat; the request's card then replies to it. The
 * reason is the agent's own text: inert (never a mention, link or markup); the sponsor is mentioned, being
 * accountable.
 */
export async function postAgentAsk(
  agent: AgentPolicy,
  what: string,
  reason: string,
  deps: Pick<McpDeps, 'chat'>,
): Promise<RequestPlace> {
  const sent = await deps.chat.sendText(
    agent.requestsChat,
    chatText`Agent ${agent.id} asks, on behalf of ${mentionInChat(agent.onBehalfOf)}: ${what}. Reason: ${reason}`,
    { uuid: `agent-${randomUUID()}` },
  );
  return { chatId: agent.requestsChat, sourceMessageId: sent.messageId };
}
