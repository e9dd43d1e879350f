import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { setBaseStage } from './set-base-stage.js';

const EXAMPLE = join(import.meta.dirname, '../../config/larkgate.example.yaml');

describe('setBaseStage', () => {
  it('changes one base’s stage and keeps every comment and every other line as it was', async () => {
    const text = await readFile(EXAMPLE, 'utf8');

    const next = setBaseStage(text, EXAMPLE, 'billing', 'live');

    const changed = next.split('\n').filter((line, index) => line !== text.split('\n')[index]);
    expect(changed).toEqual(['    stage: live']);
    expect(
      (parse(next) as { bases: { alias: string; stage: string }[] }).bases.map((b) => [b.alias, b.stage]),
    ).toEqual([
      ['crm', 'live'],
      ['billing', 'live'],
      ['sandbox', 'live'],
    ]);
  });

  it('keeps a comment on the stage line itself', async () => {
    const text = await readFile(EXAMPLE, 'utf8');

    const next = setBaseStage(text, EXAMPLE, 'crm', 'limited');

    expect(next).toContain('    stage: limited # dry-run → read-only → limited → live');
  });

  it('refuses an alias that is not configured', async () => {
    expect(() => setBaseStage('version: 1\nbases: []\n', 'x.yaml', 'nope', 'live')).toThrow(
      /no base with alias "nope"/,
    );
  });
});
