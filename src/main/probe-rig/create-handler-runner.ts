import type { Audited, HandlerOptions, HandlerRun, Sent } from '../../evidence/probe.js';
import type { AuditInput } from '../../ports/audit.js';
import type { ChatSender } from '../../ports/chat-sender.js';
import { AuditUnavailableError } from '../../store/audit-unavailable-error.js';
import { createRecordingChat } from './create-recording-chat.js';

/** One call's audit log (the real one, which can be told to refuse a type) and its recording chat. */
export type HandlerWiring = {
  audited: Audited[];
  sent: Sent[];
  audit: (input: AuditInput) => Promise<unknown>;
  chat: ChatSender;
};

/**
 * Runs one call into a real handler with its own wiring, and reports what it audited, what it sent and
 * the error it threw (an error is an outcome the probe judges, not a failure of the rig).
 */
export function createHandlerRunner(audit: (input: AuditInput) => Promise<unknown>) {
  // Message ids the recording chat handed out, across calls (Lark's de-dup by uuid).
  const ids = new Map<string, string>();
  const wire = (options: HandlerOptions): HandlerWiring => {
    const audited: Audited[] = [];
    const sent: Sent[] = [];
    return {
      audited,
      sent,
      async audit(input) {
        if (input.type === options.auditFailsAt)
          throw new AuditUnavailableError('no audit sink could record the event (injected by the probe)');
        audited.push({ type: input.type, requestId: input.requestId, details: input.details });
        return audit(input);
      },
      chat: createRecordingChat(sent, ids),
    };
  };
  return async <T>(
    options: HandlerOptions,
    body: (wiring: HandlerWiring) => Promise<T>,
  ): Promise<HandlerRun & { result: T | null }> => {
    const wiring = wire(options);
    try {
      const result = await body(wiring);
      return { audited: wiring.audited, sent: wiring.sent, error: null, result };
    } catch (error) {
      return { audited: wiring.audited, sent: wiring.sent, error: error as Error, result: null };
    }
  };
}

export type HandlerRunner = ReturnType<typeof createHandlerRunner>;
