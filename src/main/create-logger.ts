import pino, { type DestinationStream, type Logger } from 'pino';

/**
 * pino with redaction as a second line of defence only: secrets are never interpolated into messages in
 * the first place (reliability-notes §8: redaction alone leaked 3 of 5 canary lines), and a canary test
 * scans every sink.
 */
export function createLogger(options: {
  level?: string;
  name: string;
  destination?: DestinationStream;
}): Logger {
  return pino(
    {
      name: options.name,
      level: options.level ?? 'info',
      redact: {
        paths: [
          'secret',
          '*.secret',
          'token',
          '*.token',
          'appSecret',
          '*.appSecret',
          'encryptKey',
          '*.encryptKey',
          'authorization',
          '*.authorization',
          'headers.authorization',
          '*.headers.authorization',
          'config.headers',
          'config.data',
        ],
        censor: '[redacted]',
      },
    },
    options.destination ?? pino.destination(1),
  );
}
