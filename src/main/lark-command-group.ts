import type { Command } from 'commander';

export const LARK_GROUP_DESCRIPTION =
  'read from your tenant the ids a config needs: the app, its chats, a Base';

/** The `larkgate lark` group; each discovery command adds its subcommand to it. */
export function larkCommandGroup(program: Command): Command {
  return (
    program.commands.find((command) => command.name() === 'lark') ??
    program.command('lark').description(LARK_GROUP_DESCRIPTION)
  );
}
