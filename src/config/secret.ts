import { inspect } from 'node:util';

const REDACTED = '[secret]';

/**
 * Holds a secret value so that it cannot be printed by accident: String(), JSON.stringify, util.inspect
 * and template literals all show "[secret]". Only `reveal()` gives the value, at the point of use.
 */
export class Secret {
  readonly #value: string;
  constructor(
    value: string,
    readonly ref: string,
  ) {
    this.#value = value;
  }
  reveal(): string {
    return this.#value;
  }
  toString(): string {
    return REDACTED;
  }
  toJSON(): string {
    return REDACTED;
  }
  [inspect.custom](): string {
    return `Secret(${this.ref})`;
  }
}
