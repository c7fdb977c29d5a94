/**
 * Limits a client component shows and a schema enforces. Kept out of the schema modules so the
 * browser can read them without loading zod (about 30 KB gzipped).
 */

/** The most selected tasks one CSV export takes (the queue loads 50 at a time). */
export const MAX_EXPORT_IDS = 1_000;
