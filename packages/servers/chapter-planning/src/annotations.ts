/** Tool annotations (hints to the client; every tool works on the story database only). */
export const READ_ONLY = { readOnlyHint: true, openWorldHint: false } as const;
export const CREATES = { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false } as const;
export const UPDATES = { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false } as const;
/** Replaces a whole set (links not in the new set are deleted). */
export const REPLACES = { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false } as const;
