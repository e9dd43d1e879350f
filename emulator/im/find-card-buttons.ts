import { isJsonObject, jsonObjectsIn } from './json-objects-in.js';

/** A button that sends a callback when clicked: its `value` and optional `name` (docs/reference/lark-api.md §5.1, §5.2). */
export type CardButton = { value: unknown; name: string | undefined; text: string | undefined };

/**
 * Every callback button in a card, 1.0 or 2.0. A 2.0 button carries its value in
 * `behaviors[{type:"callback", value}]`; a 1.0 button (and a 2.0 button written the old way) in `value`.
 * Buttons with only `open_url` behaviours send no callback and are not listed.
 */
export function findCardButtons(card: unknown): CardButton[] {
  const buttons: CardButton[] = [];
  // A button's own parts (its text, its behaviours) hold no further buttons.
  for (const value of jsonObjectsIn(card, (object) => object.tag !== 'button')) {
    if (value.tag !== 'button') continue;
    const name = typeof value.name === 'string' ? value.name : undefined;
    const label =
      isJsonObject(value.text) && typeof value.text.content === 'string' ? value.text.content : undefined;
    if (value.value !== undefined) buttons.push({ value: value.value, name, text: label });
    if (Array.isArray(value.behaviors)) {
      for (const behavior of value.behaviors) {
        if (isJsonObject(behavior) && behavior.type === 'callback') {
          buttons.push({ value: behavior.value, name, text: label });
        }
      }
    }
  }
  return buttons;
}
