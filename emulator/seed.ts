import { z } from 'zod';
import { readDocumentFile } from './read-document-file.js';

/** A cell in the seed file is written in Lark's *write* shape (what a create call would send). */
export const SeedRecord = z.strictObject({
  record_id: z.string().regex(/^rec[A-Za-z0-9]{4,}$/, 'record ids look like recXXXXXXXX'),
  fields: z.record(z.string(), z.unknown()),
});
export type SeedRecord = z.infer<typeof SeedRecord>;

export const SeedField = z.strictObject({
  field_name: z.string().min(1),
  type: z.number().int(),
  field_id: z.string().optional(),
  property: z.record(z.string(), z.unknown()).optional(),
  description: z.string().optional(),
  ui_type: z.string().optional(),
});
export type SeedField = z.infer<typeof SeedField>;

export const SeedTable = z.strictObject({
  table_id: z.string().regex(/^tbl[A-Za-z0-9]{4,}$/, 'table ids look like tblXXXXXXXXXXXXXX'),
  name: z.string().min(1),
  fields: z.array(SeedField).min(1),
  records: z.array(SeedRecord).default([]),
});
export type SeedTable = z.infer<typeof SeedTable>;

export const SeedBase = z.strictObject({
  app_token: z.string().min(1).max(100),
  name: z.string().min(1),
  tables: z.array(SeedTable).min(1),
  /** What the app may do on this base: `edit` (default), `read` (writes get 403/1254302) or `none`. */
  app_permission: z.enum(['edit', 'read', 'none']).default('edit'),
});
export type SeedBase = z.infer<typeof SeedBase>;

export const SeedUser = z.strictObject({
  open_id: z.string().regex(/^ou_/, 'open ids start with ou_'),
  name: z.string().min(1),
  union_id: z.string().optional(),
  user_id: z.string().optional(),
  /** For `contact/v3/users/batch_get_id` (and shown by `users/:user_id`); absent = none. */
  email: z.email().optional(),
  mobile: z
    .string()
    .regex(/^\+?\d{5,20}$/, 'mobiles are digits, optionally after +')
    .optional(),
});
export type SeedUser = z.infer<typeof SeedUser>;

export const SeedChat = z.strictObject({
  chat_id: z.string().regex(/^oc_/, 'chat ids start with oc_'),
  name: z.string().min(1),
  type: z.enum(['group', 'p2p']).default('group'),
  members: z.array(z.string()).default([]),
  bot_member: z.boolean().default(true),
});
export type SeedChat = z.infer<typeof SeedChat>;

export const EmulatorSeed = z.strictObject({
  app: z.strictObject({
    app_id: z.string().regex(/^cli_[0-9a-fA-F]{16}$/, 'app ids look like cli_ followed by 16 hex digits'),
    app_secret: z.string().min(1),
    encrypt_key: z.string().min(1),
    verification_token: z.string().min(1),
    bot_name: z.string().min(1).default('Larkgate'),
    bot_open_id: z.string().regex(/^ou_/).default('ou_larkgate_bot'),
    tenant_key: z.string().default('2ca1d211f64f6438'),
    /**
     * The scopes the tenant has granted the app, as `GET application/v6/scopes` reports them (the emulator
     * does not enforce scopes). Absent: every scope Larkgate asks for (DEFAULT_GRANTED_SCOPES).
     */
    scopes: z.array(z.string().min(1)).optional(),
  }),
  bot: z
    .strictObject({
      event_url: z.url().optional(),
      card_url: z.url().optional(),
      /**
       * `webhook` (default): pushes go to the URLs above. `ws`: the app uses Lark's long connection, so events and
       * card callbacks go to a connected `WSClient` instead (docs/emulator.md, "Long connection").
       */
      transport: z.enum(['webhook', 'ws']).default('webhook'),
    })
    .default({ transport: 'webhook' }),
  users: z.array(SeedUser).default([]),
  chats: z.array(SeedChat).default([]),
  bases: z.array(SeedBase).default([]),
});
export type EmulatorSeed = z.infer<typeof EmulatorSeed>;

/**
 * A seed the emulator can not start from: a key the schema refuses, or a table, field or cell that the
 * matching create call would refuse. The message is one line naming where the problem is.
 */
export class SeedError extends Error {
  readonly code = 'invalid_seed';
  override readonly name = 'SeedError';
}

/** Validates a parsed seed document; throws a SeedError naming the first bad key. */
export function parseSeed(document: unknown, source = 'seed'): EmulatorSeed {
  const result = EmulatorSeed.safeParse(document);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue ? issue.path.join('.') || '(top level)' : '(unknown)';
    throw new SeedError(`${source}: invalid seed at ${where}: ${issue?.message ?? 'invalid'}`);
  }
  return result.data;
}

/** Reads and validates a YAML seed file; every failure (missing file, bad YAML, bad key) is a SeedError. */
export async function loadSeedFile(path: string): Promise<EmulatorSeed> {
  const document = await readDocumentFile(path, 'YAML', (message) => new SeedError(message));
  return parseSeed(document, path);
}
