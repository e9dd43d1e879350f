import { z } from 'zod';
import type { EmulatorOptions } from './emulator-options.js';
import { isRateLimitId } from './platform/endpoint-catalog.js';
import { readDocumentFile } from './read-document-file.js';

const Count = z.number().int().min(1);

/**
 * The tunables of `larkgate emulator --options <file>`: the same names as `EmulatorOptions` (see
 * docs/emulator.md, "Running it"). Strict: an unknown key or rate-limit id is an error, not a silent default.
 */
export const EmulatorOptionsFile = z.strictObject({
  rateLimits: z.boolean().optional(),
  rateLimitOverrides: z
    .record(
      z
        .string()
        .refine(isRateLimitId, 'not an endpoint id of endpoint-catalog.ts, im.per_chat or im.per_message'),
      z.array(z.strictObject({ max: Count, per: z.enum(['second', 'minute']) })).min(1),
    )
    .optional(),
  batchLimits: z
    .strictObject({ create: Count, update: Count, delete: Count, get: Count })
    .partial()
    .optional(),
  writeConflicts: z.boolean().optional(),
  tokenTtlSeconds: Count.optional(),
  pushTimeoutMs: Count.optional(),
  eventRetryScheduleMs: z.array(z.number().int().min(0)).optional(),
  eventUrl: z.url().optional(),
  cardUrl: z.url().optional(),
  wsClientConfig: z
    .strictObject({
      PingInterval: z.number().positive(),
      ReconnectCount: z.number().int().min(-1),
      ReconnectInterval: z.number().min(0),
      ReconnectNonce: z.number().min(0),
    })
    .partial()
    .optional(),
  wsFragmentBytes: Count.optional(),
});
export type EmulatorOptionsFile = z.infer<typeof EmulatorOptionsFile>;

/** An options file the emulator can not use; the message is one line naming the file and the key. */
export class OptionsFileError extends Error {
  readonly code = 'invalid_options';
  override readonly name = 'OptionsFileError';
}

/** Reads a JSON (or YAML) options file and validates it; every problem is an OptionsFileError. */
export async function loadEmulatorOptionsFile(path: string): Promise<EmulatorOptions> {
  const document = await readDocumentFile(path, 'JSON', (message) => new OptionsFileError(message));
  const result = EmulatorOptionsFile.safeParse(document ?? {});
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue && issue.path.length > 0 ? issue.path.join('.') : '(top level)';
    let problem = issue?.message ?? 'invalid';
    if (issue?.code === 'unrecognized_keys') {
      problem = `unknown key(s) ${issue.keys.map((key) => `"${key}"`).join(', ')}`;
    } else if (issue?.code === 'invalid_key') {
      // A record key's own refinement carries the useful message.
      problem = issue.issues[0]?.message ?? problem;
    }
    throw new OptionsFileError(`${path}: invalid options at ${where}: ${problem}`);
  }
  return result.data;
}
