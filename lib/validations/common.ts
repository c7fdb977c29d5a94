/** Zod building blocks shared by every action, route and form. Client-safe. */
import { z } from "zod";

/** A Switchyard row id (cuid) or a short slug-like id. */
export const idSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "That is not a valid id.");

/** A GitHub agent task id. */
export const taskIdSchema = z.string().regex(/^[A-Za-z0-9-]{1,64}$/, "That is not a task id.");

/** An optional text field: blank means "not set" (a preprocess, not a union, keeps the field's own message). */
export function blankOr<T extends z.ZodType>(schema: T) {
  return z.preprocess(
    (value) => (value === "" || (typeof value === "string" && value.trim() === "") ? null : value),
    schema.nullable(),
  );
}

/** A checkbox: "on"/"true" is true; absent, blank, "off" or "false" is false. */
export const formBoolean = z.preprocess((value) => {
  if (value === undefined || value === null || value === "") return false;
  if (value === "on" || value === "true") return true;
  if (value === "false" || value === "off") return false;
  return value;
}, z.boolean());

/** A repeated form field (several inputs with one name): one value arrives as a string, more as an array. */
export function manyOf<T extends z.ZodType>(schema: T) {
  return z.preprocess(
    (value) => (value === undefined || value === "" ? [] : Array.isArray(value) ? value : [value]),
    z.array(schema),
  );
}

/** An optional whole number in a range; blank is "not set". */
export function optionalInt(min: number, max: number, message: string) {
  return z.preprocess(
    (value) => (typeof value === "string" && value.trim() === "" ? undefined : value),
    z.coerce.number({ error: message }).int(message).min(min, message).max(max, message).optional(),
  );
}

/** zod's field errors in the shape forms show (field name → messages). */
export function fieldErrorsOf(error: z.ZodError): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = issue.path.length ? issue.path.map(String).join(".") : "_form";
    (out[key] ??= []).push(issue.message);
  }
  return out;
}

/** A NUL, or a lone UTF-16 surrogate: text PostgreSQL (and Prisma) cannot store or even query with. */
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * The first field of `value` (a form's fields or an object) holding unstorable text ("" for the
 * value itself), or null when all of it can be stored. Input is refused with it at the door instead
 * of failing deep in a query.
 */
export function fieldWithUnstorableText(value: unknown, name = "", depth = 0): string | null {
  if (typeof value === "string") return UNSTORABLE.test(value) ? name : null;
  if (depth > 4 || value === null || typeof value !== "object") return null;
  for (const [key, item] of Object.entries(value)) {
    const found = fieldWithUnstorableText(item, Array.isArray(value) ? name : key, depth + 1);
    if (found !== null) return found;
  }
  return null;
}
