import type { Alert, AlertBook } from '../domain/alert.js';

/**
 * The monitor's alert book, one value replaced whole at each change. It is a cell rather than a local
 * variable because Ack clicks arrive between a round's awaits: each change reads the book as it is now, so
 * a delivery finishing after an Ack keeps the Ack.
 */
export type AlertBookCell = {
  get(): AlertBook;
  set(book: AlertBook): void;
  /** Changes one alert, only if it is still the same episode (`incident`). */
  update(key: string, incident: string, change: (alert: Alert) => Alert): void;
};

export function createAlertBookCell(initial: AlertBook = {}): AlertBookCell {
  let book = initial;
  return {
    get: () => book,
    set(next) {
      book = next;
    },
    update(key, incident, change) {
      const current = book[key];
      if (current && current.incident === incident) book = { ...book, [key]: change(current) };
    },
  };
}
