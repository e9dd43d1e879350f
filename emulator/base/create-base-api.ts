import type { Router } from 'express';
import express from 'express';
import type { ResolvedEmulatorOptions } from '../emulator-options.js';
import type { Platform } from '../platform/create-platform.js';
import type { EmulatorSeed } from '../seed.js';
import type { BaseContext, Person } from './base-state.js';
import { buildRecordRead } from './build-record-read.js';
import { createBaseStates } from './create-base-states.js';
import { createIdGenerator } from './create-id-generator.js';
import { registerFieldRoutes } from './register-field-routes.js';
import { registerRecordReadRoutes } from './register-record-read-routes.js';
import { registerRecordWriteRoutes } from './register-record-write-routes.js';
import { registerTableRoutes } from './register-table-routes.js';

/** Base (Bitable) v1 routes and `GET /__emulator/bases/:app_token`. */
export type BaseApi = { router: Router; controlRouter: Router };

/**
 * The Base (Bitable) v1 API over in-memory state seeded from `seed.bases` (docs/reference/lark-api.md §2). Auth, rate limits,
 * faults and one-write-at-a-time per Base happen before these routes, in the platform's guard.
 */
export function createBaseApi(
  seed: EmulatorSeed,
  options: ResolvedEmulatorOptions,
  _platform: Platform,
): BaseApi {
  const people = new Map<string, Person>(seed.users.map((user) => [user.open_id, user]));
  people.set(seed.app.bot_open_id, { open_id: seed.app.bot_open_id, name: seed.app.bot_name });
  const context: BaseContext = {
    clock: options.clock,
    newId: createIdGenerator(),
    people,
    chats: new Map(seed.chats.map((chat) => [chat.chat_id, chat.name])),
    actor: seed.app.bot_open_id,
  };
  const bases = createBaseStates(seed, context);
  const deps = { bases, context, batchLimits: options.batchLimits };

  const router = express.Router();
  registerTableRoutes(router, deps);
  registerFieldRoutes(router, deps);
  registerRecordReadRoutes(router, deps);
  registerRecordWriteRoutes(router, deps);

  const controlRouter = express.Router();
  controlRouter.get('/bases/:app_token', (req, res) => {
    const base = bases.get(req.params.app_token);
    if (!base) {
      res.status(404).json({ error: `no base ${req.params.app_token}` });
      return;
    }
    res.json({
      app_token: base.app_token,
      name: base.name,
      revision: base.revision,
      tables: base.tables.map((table) => ({
        table_id: table.table_id,
        name: table.name,
        revision: table.revision,
        fields: table.fields.map(({ field_id, field_name, type }) => ({ field_id, field_name, type })),
        records: [...table.records.values()].map((record) => {
          const { record_id, fields } = buildRecordRead(table, record, context, {
            textAsArray: true,
            userIdType: 'open_id',
            automaticFields: false,
            withId: false,
          });
          return { record_id, fields };
        }),
      })),
    });
  });

  return { router, controlRouter };
}
