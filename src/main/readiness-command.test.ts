import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { READINESS_DRILLS } from '../app/drills/run-readiness-drills.js';
import { registerReadinessCommand } from './readiness-command.js';

function readinessHelp(): string {
  const program = new Command('larkgate');
  registerReadinessCommand(program, () => {});
  const command = program.commands.find((candidate) => candidate.name() === 'readiness');
  return (command?.helpInformation() ?? '').replace(/\s+/g, ' ');
}

describe('larkgate readiness --help', () => {
  it('says which gate each --run drill fills, and that gates 2 and 3 are left to people', () => {
    const help = readinessHelp();

    for (const drill of READINESS_DRILLS.filter((candidate) => candidate.run !== null)) {
      expect(help).toMatch(new RegExp(`[( ]${drill.gate}[,)]`));
    }
    expect(help).toContain('read tour (gate 1)');
    expect(help).toContain('schema and batch-delete drills on temp tables of the sandbox (4, 5)');
    expect(help).toContain('gates 2 and 3 write to production or post in chat');
  });
});
