import type { Command } from 'commander';

/** Each command file adds itself here; `setExit` records the command's exit code. */
export function registerCommands(program: Command, setExit: (code: number) => void): void {
  void program;
  void setExit;
}
