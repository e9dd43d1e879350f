import type { AlertBook } from '../domain/alert.js';

/** Where the alert book is mirrored (Redis when it is up), so a restarted bot does not page twice. */
export type AlertMirror = {
  load(): Promise<AlertBook | null>;
  save(book: AlertBook): Promise<void>;
};

export type BookMirror = {
  /** The mirrored book (null without a mirror or when none is saved); throws when the mirror fails. */
  load(): Promise<AlertBook | null>;
  /** True when the mirror holds this book (saved now or already); false when the mirror failed. */
  save(book: AlertBook): Promise<boolean>;
  /** The mirror no longer holds this replica's book (it stopped leading): the next save writes. */
  forget(): void;
};

/** The alert mirror, remembering what it last held so an unchanged book is not written every round. */
export function createBookMirror(mirror: AlertMirror | undefined): BookMirror {
  let mirrored = '';
  return {
    async load() {
      if (!mirror) return null;
      const book = await mirror.load();
      if (book) mirrored = JSON.stringify(book);
      return book;
    },
    async save(book) {
      if (!mirror) return true;
      const text = JSON.stringify(book);
      if (text === mirrored) return true;
      try {
        await mirror.save(book);
        mirrored = text;
        return true;
      } catch {
        // Redis may be what failed; the book lives in this process meanwhile.
        return false;
      }
    },
    forget() {
      mirrored = '';
    },
  };
}
