/** Where a command writes: stdout and stderr, or a test's buffers. */
export type CommandOutput = { out(text: string): void; err(text: string): void };

export const processOutput: CommandOutput = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
};
