/** A canonical UUID (any version), as PostgreSQL prints them. */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether a client-sent id can be a row id at all (anything else is NOT_FOUND without a query). */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/** Escapes `\`, `%` and `_` so a search text matches literally inside LIKE/ILIKE. */
export function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}
