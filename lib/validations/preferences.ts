/** A person's display preferences as forms send them (client-safe). */
import { z } from "zod";

/** An IANA time zone name the runtime knows ("Europe/Paris", "UTC"). */
export function isTimeZone(value: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]{0,63}$/.test(value)) return false;
  try {
    new Intl.DateTimeFormat("en", { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

export const preferencesSchema = z.object({
  /** Empty: follow the browser. */
  timeZone: z
    .string()
    .trim()
    .refine((value) => value === "" || isTimeZone(value), "must be a time zone such as Europe/Paris")
    .transform((value) => value || null),
});
