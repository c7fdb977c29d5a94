/**
 * A form field that may be blank or missing altogether (a field a form does not always render):
 * either way it is null. `blankOr` alone (./common.ts) still requires the field to be sent.
 */
import type { z } from "zod";
import { blankOr } from "./common";

export function optionalField<T extends z.ZodType>(schema: T) {
  return blankOr(schema)
    .optional()
    .transform((value) => value ?? null);
}
