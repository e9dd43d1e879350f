/** Exit codes shared by every command: 0 ok, 1 findings or failure, 2 usage or config error. */
export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;
