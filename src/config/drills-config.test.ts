import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { LarkgateConfig } from './larkgate-config.js';

const example = parse(readFileSync(new URL('../../config/larkgate.example.yaml', import.meta.url), 'utf8'));

function issues(drills: unknown): string[] {
  const parsed = LarkgateConfig.safeParse({ ...example, drills });
  return parsed.success
    ? []
    : parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
}

describe('drills: in larkgate.yaml', () => {
  it('takes an interval and a staging base', () => {
    expect(issues({ every: '24h', base: 'sandbox' })).toEqual([]);
  });

  it.each([
    [
      { every: '24h', base: 'crm' },
      'drills.base: drills run only on a staging base: "crm" is not marked staging: true',
    ],
    [
      { every: '24h', base: 'hr' },
      'drills.base: drills run only on a staging base: "hr" is not a configured base alias',
    ],
    [{ every: '10m', base: 'sandbox' }, 'drills.every: an interval of at least 1h, like 24h or 7d'],
    [{ every: '24h' }, 'drills.base: Invalid input: expected string, received undefined'],
    [{ every: '24h', base: 'sandbox', at: '03:00' }, 'drills: Unrecognized key: "at"'],
  ])('refuses %j', (drills, message) => {
    expect(issues(drills)).toEqual([message]);
  });
});
