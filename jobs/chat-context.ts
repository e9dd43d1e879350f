import type { BackupDocument } from '../src/domain/build-backup-document.js';
import { type ChatText, inertChatText } from '../src/domain/chat-text.js';
import type { Command } from '../src/domain/command.js';
import type { Decision } from '../src/domain/decision.js';
import type { BaseReader } from '../src/ports/base-reader.js';
import type { ChatSender } from '../src/ports/chat-sender.js';
import type { CommonDeps } from '../src/ports/common-deps.js';
import type { PeopleDirectory } from '../src/ports/people-directory.js';
import type { RequestStore } from '../src/ports/request-store.js';
import type { TableResolver } from './create-table-resolver.js';
import type { IncomingMessage } from './queue-names.js';

export type ChatDeps = CommonDeps & {
  reader: BaseReader;
  chat: ChatSender;
  /** Who Lark knows: a dry run refuses a user value that names nobody. */
  people: PeopleDirectory;
  requests: RequestStore;
  resolveTable: TableResolver;
  /** How many records a search shows at most. */
  searchMax: number;
  /** Decrypts and parses one of Larkgate's backups; null when no backup key is configured. */
  readBackup: ((backupId: string) => Promise<BackupDocument>) | null;
};

/**
 * Replies in the thread of the message that asked; the uuid makes a retried job's reply a no-op. A plain
 * string is taken as hostile as a whole (it usually quotes the command or a Base value) and made inert;
 * a `ChatText` says itself which parts are Larkgate's own.
 */
export async function reply(
  deps: ChatDeps,
  message: IncomingMessage,
  purpose: string,
  text: ChatText | string,
): Promise<void> {
  await deps.chat.replyText(message.messageId, typeof text === 'string' ? inertChatText(text) : text, {
    uuid: uuidFor(message.messageId, purpose),
    chatId: message.chatId,
  });
}

export async function replyCard(
  deps: ChatDeps,
  message: IncomingMessage,
  purpose: string,
  card: object,
): Promise<string> {
  const sent = await deps.chat.replyCard(message.messageId, card, {
    uuid: uuidFor(message.messageId, purpose),
    chatId: message.chatId,
  });
  return sent.messageId;
}

/** Lark de-duplicates sends by uuid (≤ 50 chars) for an hour. */
export function uuidFor(messageId: string, purpose: string): string {
  return `${purpose}-${messageId}`.slice(0, 50);
}

/** Audits a guard decision (every decision is audited) and returns it. */
export async function auditDecision(
  deps: ChatDeps,
  decision: Decision,
  actor: string,
  details: Record<string, unknown>,
  requestId: string | null = null,
): Promise<Decision> {
  await deps.audit({
    type: decision.allow ? 'tool.allowed' : 'tool.denied',
    actor,
    requestId,
    details: decision.allow
      ? { ...details, notes: decision.notes }
      : { ...details, denials: decision.denials },
  });
  return decision;
}

export function denialText(decision: Decision): string {
  if (decision.allow) return '';
  return `Refused: ${decision.denials.map((denial) => denial.message).join('; ')}`;
}

export type TargetCommand = Extract<Command, { target: unknown }>;
