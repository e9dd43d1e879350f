/** The people of the Lark tenant (contact v3, names only). */
export type PeopleDirectory = {
  /** The open_ids among these that name nobody Lark knows; the rest are people of the tenant. */
  findUnknown(openIds: readonly string[]): Promise<string[]>;
};
