/** Thrown by a use case when its job should run again later (rate limit, busy base, audit down). */
export class RetryLater extends Error {
  readonly code = 'retry_later';
  constructor(
    message: string,
    /** How long Lark asked us to wait (a 429's `x-ogw-ratelimit-reset`); the retry waits exactly this. */
    readonly delayMs?: number,
  ) {
    super(message);
    this.name = 'RetryLater';
  }
}
