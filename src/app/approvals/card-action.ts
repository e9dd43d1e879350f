/** A button click on a card, as the HTTP route read it (`card.action.trigger`, src/lark/normalize-card-action.ts). */
export type CardAction = {
  operatorOpenId: string;
  messageId: string;
  chatId: string;
  /** The button's callback value: untrusted until a use case's adapter has parsed it. */
  value: Record<string, unknown>;
};
