/** A configuration problem: which file, which key, and how to fix it. Exit code 2. */
export class ConfigError extends Error {
  readonly code = 'config_invalid';
  constructor(
    readonly file: string,
    readonly key: string,
    readonly problem: string,
  ) {
    super(`${file}: ${key || '(top level)'}: ${problem}`);
    this.name = 'ConfigError';
  }
}
