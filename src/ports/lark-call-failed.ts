import type { LarkFailure } from './lark-failure.js';

/**
 * The error every failed Lark call throws: it carries the failure as a value (`failure`), so nothing above
 * src/lark needs Lark's own error classes. src/lark's errors extend it; fakes throw it directly.
 */
export class LarkCallFailed extends Error {
  /** Private, so logs and JSON of the error stay what the subclasses make them. */
  readonly #failure: LarkFailure;

  constructor(message: string, failure: LarkFailure) {
    super(message);
    this.name = 'LarkCallFailed';
    this.#failure = failure;
  }

  get failure(): LarkFailure {
    return this.#failure;
  }

  /** The failure a thrown value carries, or null when it is not a failed Lark call. */
  static of(error: unknown): LarkFailure | null {
    return error instanceof LarkCallFailed ? error.failure : null;
  }

  /** A failed call as the message src/lark gives it (fakes use it to throw what the adapter throws). */
  static from(failure: LarkFailure): LarkCallFailed {
    return new LarkCallFailed(
      `Lark ${failure.endpointId} failed: ${failure.reason} (HTTP ${failure.httpStatus}, code ${failure.code ?? 'none'}: ${failure.msg})`,
      failure,
    );
  }
}
