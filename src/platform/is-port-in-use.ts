/**
 * A listen that failed because another process holds the port (EADDRINUSE). Express 5 hands that error to
 * `app.listen`'s callback, so a caller that resolves in the callback without looking at its argument
 * reports "listening on port 0" and keeps running: check for this instead, and exit 2 naming the port.
 */
export function isPortInUse(
  error: unknown,
): error is NodeJS.ErrnoException & { port?: number; address?: string } {
  return (error as NodeJS.ErrnoException | null)?.code === 'EADDRINUSE';
}

/** "port 3000 on 0.0.0.0 is in use by another process", from the error itself. */
export function describePortInUse(
  error: NodeJS.ErrnoException & { port?: number; address?: string },
): string {
  return `port ${error.port ?? '?'} on ${error.address ?? '?'} is in use by another process`;
}
