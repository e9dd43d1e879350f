import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { COMMAND_MANIFEST } from './command-manifest.js';
import { registerCommands } from './register-commands.js';

function summaries(program: Command): string[] {
  return program.commands.map((command) => `${command.name()}: ${command.description()}`).sort();
}

describe('COMMAND_MANIFEST', () => {
  it('lists every command register-commands registers, with the same summary (what --help shows)', () => {
    const all = new Command('larkgate');
    registerCommands(all, () => {});
    const listed = [
      ...new Set(COMMAND_MANIFEST.map((entry) => `${entry.name}: ${entry.description}`)),
    ].sort();
    expect(listed).toEqual(summaries(all));
  });

  it.each([...new Set(COMMAND_MANIFEST.map((entry) => entry.name))])(
    'loads the module(s) that register %s, with their subcommands',
    async (name) => {
      const program = new Command('larkgate');
      for (const entry of COMMAND_MANIFEST.filter((candidate) => candidate.name === name)) {
        (await entry.load())(program, () => {});
      }
      const all = new Command('larkgate');
      registerCommands(all, () => {});
      const loaded = program.commands.find((command) => command.name() === name);
      const expected = all.commands.find((command) => command.name() === name);
      expect(loaded?.commands.map((sub) => sub.name()).sort()).toEqual(
        expected?.commands.map((sub) => sub.name()).sort(),
      );
      expect(loaded?.options.map((option) => option.flags)).toEqual(
        expected?.options.map((option) => option.flags),
      );
    },
  );
});
