/** Types for render-card.js (plain JS, served to the browser as it is). */
export type ViewNode = {
  tag: string;
  cls?: string;
  text?: string;
  title?: string;
  children?: ViewNode[];
  action?: { value: unknown; confirm?: { title: string; text: string }; disabled: boolean };
};
export type RenderOptions = { nameOf?: (openId: string) => string | undefined; locale?: string };
export function renderCard(card: unknown, options?: RenderOptions): ViewNode;
export function findPlaceholders(node: ViewNode): string[];
export function textOf(node: ViewNode): string;
