/** What a click is answered with, within Lark's 3 s: a toast, and the card that replaces the clicked one. */
export type CardAnswer = {
  toast: { type: 'info' | 'success' | 'error' | 'warning'; content: string };
  card?: { type: 'raw'; data: object };
};
