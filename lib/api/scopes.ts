/** API token scopes and the token form's input. Client-safe. */
import { z } from "zod";
import { manyOf } from "@/lib/validations/common";

export const API_SCOPES = [
  "tasks:read",
  "tasks:write",
  "campaigns:write",
  "triage:write",
  "costs:read",
] as const;
export type ApiScope = (typeof API_SCOPES)[number];

export const API_SCOPE_LABELS: Record<ApiScope, string> = {
  "tasks:read": "Read tasks and campaigns",
  "tasks:write": "Start tasks and launch templates",
  "campaigns:write": "Create, dry-run, launch, pause and resume campaigns",
  "triage:write": "List and act on triage items",
  "costs:read": "Read credits used",
};

/** A token lives at most a year: a program that runs longer gets a new one. */
export const MAX_TOKEN_DAYS = 365;
export const TOKEN_EXPIRY_CHOICES = [7, 30, 90, 365] as const;

export const createTokenSchema = z.object({
  name: z.string().trim().min(1, "Name the token.").max(100, "Keep the name under 100 characters."),
  scope: manyOf(z.enum(API_SCOPES, { message: "That is not a scope." })).refine(
    (scopes) => scopes.length > 0,
    "Choose at least one scope.",
  ),
  expiresInDays: z.coerce
    .number({ message: "Choose an expiry." })
    .int("Choose an expiry.")
    .min(1, "A token lives at least a day.")
    .max(MAX_TOKEN_DAYS, `A token lives at most ${MAX_TOKEN_DAYS} days.`),
});

export const revokeTokenSchema = z.object({
  tokenId: z.string().regex(/^[a-z0-9]{10,40}$/, "That is not a token."),
});
