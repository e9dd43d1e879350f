import type { Card } from './card-parts.js';

/** Lark refuses cards over 30 KB (230025); keep a margin for the envelope. */
export const CARD_BYTE_BUDGET = 28 * 1024;
const ROW_STEPS = [50, 30, 20, 10, 5, 2, 0];

/**
 * Builds the card with as many diff rows as fit the size budget. The builder is told how many rows it
 * may show and must say how many it left out, so a large diff is summarised, never cut silently.
 */
export function fitCard(build: (maxRows: number) => Card): Card {
  for (const maxRows of ROW_STEPS) {
    const card = build(maxRows);
    if (cardBytes(card) <= CARD_BYTE_BUDGET) return card;
  }
  throw new Error('card exceeds the size budget even with no diff rows');
}

export function cardBytes(card: unknown): number {
  return Buffer.byteLength(JSON.stringify(card), 'utf8');
}
