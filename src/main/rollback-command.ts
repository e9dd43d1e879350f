import { randomUUID } from 'node:crypto';
import type { Command } from 'commander';
import { askForRollback } from '../app/requests/ask-for-rollback.js';
import { REQUEST_ID_PATTERN } from '../domain/command.js';
import { createRequestStore } from '../store/create-request-store.js';
import { type CommandOutput, processOutput } from './command-output.js';
import { createChatDeps } from './create-chat-deps.js';
import { EXIT } from './exit-codes.js';
import { runOnce } from './run-once.js';

/**
 * `larkgate rollback <request_id> --config <file> --as <open_id>`: prepares the rollback of an applied
 * request from a shell. Like the chat command and the Roll back button, it opens a new request whose card
 * appears in the original request's chat and needs approval there; `--as` names who is asking (and so who
 * cannot approve it): someone Lark knows, or the command exits 2 and opens nothing.
 */
export function registerRollbackCommand(
  program: Command,
  setExit: (code: number) => void,
  output: CommandOutput = processOutput,
): void {
  program
    .command('rollback')
    .description(
      'prepare the rollback of an applied request: a new request, shown in chat, that needs approval',
    )
    .argument('<request_id>', 'the applied request to undo (req_…)')
    .requiredOption('--config <file>', 'larkgate.yaml')
    .requiredOption('--as <open_id>', 'the person asking (ou_…); they cannot approve it')
    .action(async (requestId: string, opts: { config: string; as: string }) => {
      if (!REQUEST_ID_PATTERN.test(requestId) || !/^ou_[A-Za-z0-9_]+$/.test(opts.as)) {
        output.err('larkgate rollback: give a request id (req_ + 12 characters) and --as <open_id> (ou_…)\n');
        setExit(EXIT.usage);
        return;
      }
      await runOnce('rollback', opts.config, setExit, async (runtime, logger) => {
        const stored = await createRequestStore(runtime.redis, runtime.keys).get(requestId);
        if (!stored) {
          output.err(`larkgate rollback: no request ${requestId}\n`);
          return EXIT.failure;
        }
        // The asker is recorded as the requester and barred from approving: it must be a real person.
        if ((await runtime.people.findUnknown([opts.as])).length > 0) {
          output.err(
            `larkgate rollback: --as ${opts.as} is nobody Lark knows in this organisation: give the open_id of the person asking (nothing was opened)\n`,
          );
          return EXIT.usage;
        }
        const original = stored.request;
        const result = await askForRollback(
          {
            requestId,
            requester: opts.as,
            chatId: original.chatId,
            chatType: runtime.loaded.policy.requestChats.includes(original.chatId) ? 'group' : 'p2p',
            sourceMessageId: original.cardMessageId ?? original.sourceMessageId,
            triggerId: `cli-${randomUUID()}`,
          },
          createChatDeps(runtime)(logger),
        );
        output.out(`${result.text}\n`);
        return result.ok ? EXIT.ok : EXIT.failure;
      });
    });
}
