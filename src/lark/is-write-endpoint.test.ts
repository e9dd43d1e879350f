import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { AllowedEndpoints } from '../config/allowed-endpoints.js';
import { isWriteEndpoint } from './is-write-endpoint.js';

const { endpoints } = AllowedEndpoints.parse(
  parse(readFileSync(new URL('../../config/allowed_endpoints.yaml', import.meta.url), 'utf8')),
);

describe('isWriteEndpoint', () => {
  it('splits allowed_endpoints.yaml into reads and writes', () => {
    const writes = endpoints.filter(isWriteEndpoint).map((endpoint) => endpoint.id);
    const reads = endpoints.filter((endpoint) => !isWriteEndpoint(endpoint)).map((endpoint) => endpoint.id);

    expect(reads.sort()).toEqual(
      [
        'auth.tenant_access_token',
        'bot.info',
        'bitable.app.get',
        'bitable.table.list',
        'bitable.field.list',
        'bitable.record.search',
        'bitable.record.batch_get',
        'contact.user.basic_batch',
      ].sort(),
    );
    expect(writes.sort()).toEqual(
      [
        'bitable.record.create',
        'bitable.record.update',
        'bitable.record.delete',
        'bitable.record.batch_create',
        'bitable.record.batch_update',
        'bitable.record.batch_delete',
        'bitable.table.create',
        'bitable.table.delete',
        'bitable.field.create',
        'bitable.field.update',
        'bitable.field.delete',
        'im.message.create',
        'im.message.reply',
        'im.message.patch',
      ].sort(),
    );
  });

  it('counts an unknown POST as a write', () => {
    expect(isWriteEndpoint({ id: 'bitable.field.create', method: 'POST' })).toBe(true);
  });
});
