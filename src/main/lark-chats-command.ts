import type { Command } from 'commander';
import { showOnTerminal } from '../domain/show-on-terminal.js';
import { type CommandOutput, processOutput } from './command-output.js';
import { EXIT } from './exit-codes.js';
import { larkCommandGroup } from './lark-command-group.js';
import { runDiscovery } from './run-discovery.js';

/**
 * `larkgate lark chats --config <file> [--json]`: the group chats the bot is in, with their chat_ids, for
 * `chats:` in larkgate.yaml. Needs the scope im:chat:readonly (only for this command; `larkgate iam` does
 * not ask for it). An empty list means the bot has not been added to any group yet.
 */
export function registerLarkChatsCommand(
  program: Command,
  setExit: (code: number) => void,
  output: CommandOutput = processOutput,
): void {
  larkCommandGroup(program)
    .command('chats')
    .description('list the group chats the bot is in, with their chat_id')
    .requiredOption('--config <file>', 'larkgate.yaml (only app: is read)')
    .option('--json', 'print the result as JSON')
    .action(async (opts: { config: string; json?: boolean }) => {
      await runDiscovery('chats', opts.config, output, setExit, async ({ gateway }) => {
        const chats = await gateway.listChats();
        if (opts.json) {
          output.out(`${JSON.stringify({ chats })}\n`);
          return EXIT.ok;
        }
        if (chats.length === 0) {
          output.out(
            'The bot is in no group chat yet: add it to each chat (chat settings → Bots → Add bot), then run this again.\n',
          );
          return EXIT.ok;
        }
        const width = Math.max(...chats.map((chat) => chat.chatId.length));
        output.out(`Group chats the bot is in (${chats.length}):\n`);
        for (const chat of chats) {
          const notes = [chat.external ? 'external' : '', chat.status === 'normal' ? '' : chat.status]
            .filter((note) => note !== '')
            .map((note) => ` (${note})`)
            .join('');
          output.out(`  ${chat.chatId.padEnd(width)}  ${showOnTerminal(chat.name)}${notes}\n`);
        }
        output.out('\nUse these ids in chats.requests, chats.audit, chats.oncall and chats.drills.\n');
        return EXIT.ok;
      });
    });
}
