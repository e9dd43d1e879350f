import { describe, expect, it } from 'vitest';
import { createBaseWriteGate, type Release } from './create-base-write-gate.js';

describe('createBaseWriteGate', () => {
  it('admits one write per Base at a time, the rest in arrival order', async () => {
    const gate = createBaseWriteGate();
    const order: string[] = [];
    const first = (await gate.enter('base', false)) as Release;
    const second = (gate.enter('base', false) as Promise<Release>).then((release) => {
      order.push('second');
      return release;
    });
    const third = (gate.enter('base', false) as Promise<Release>).then((release) => {
      order.push('third');
      release();
    });
    await Promise.resolve();
    expect(order).toEqual([]);
    first();
    first(); // releasing twice changes nothing
    (await second)();
    await third;
    expect(order).toEqual(['second', 'third']);
  });

  it('refuses at once when asked to fail while the Base is busy, and keeps Bases apart', async () => {
    const gate = createBaseWriteGate();
    const held = (await gate.enter('a', true)) as Release;
    expect(gate.enter('a', true)).toBe('busy');
    const other = gate.enter('b', true);
    expect(other).not.toBe('busy');
    (await (other as Promise<Release>))();
    held();
    expect(gate.enter('a', true)).not.toBe('busy');
  });
});
