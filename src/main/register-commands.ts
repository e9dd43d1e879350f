import type { Command } from 'commander';
import { registerEmulatorCommand } from './emulator-command.js';

/** Each command file adds itself here; `setExit` records the command's exit code. */
export function registerCommands(program: Command, setExit: (code: number) => void): void {
  registerEmulatorCommand(program, setExit);
}
