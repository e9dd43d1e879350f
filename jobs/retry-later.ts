/** Thrown by a processor when the job should run again later (rate limit, busy base, audit down). */
export class RetryLater extends Error {
  readonly code = 'retry_later';
  constructor(
    message: string,
    readonly delayMs?: number,
  ) {
    super(message);
    this.name = 'RetryLater';
  }
}
