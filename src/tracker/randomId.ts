/**
 * A short random id for visitors, sessions and events. Not a secret, so Math.random is enough,
 * and it works on plain-http pages, where crypto.randomUUID does not exist.
 */
export const randomId = (): string => Math.random().toString(36).slice(2);
