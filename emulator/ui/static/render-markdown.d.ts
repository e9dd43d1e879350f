/** Types for render-markdown.js (plain JS, served to the browser as it is). */
import type { RenderOptions, ViewNode } from './render-card.js';
export function renderMarkdown(source: string, options?: RenderOptions): ViewNode[];
export function renderInline(text: string, nameOf?: (openId: string) => string | undefined): ViewNode[];
