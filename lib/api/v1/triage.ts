import "server-only";
/** /api/v1 triage: the inbox's views, its operations, its retries. */
import { z } from "zod";
import { listTriageItems, TRIAGE_VIEWS } from "@/lib/dal/triage";
import { retryTriageOperation, triageItemOperation } from "@/lib/operations/triage";
import { ok } from "@/lib/result";
import { triageItemActionSchema, triageRetrySchema } from "@/lib/triage/inputs";
import { optionalInt } from "@/lib/validations/common";
import { endpoint, operationEndpoint } from "../route";
import { triageChangeSchema, triagePageSchema, triageRetriesSchema } from "./schemas";

export const listTriageEndpoint = endpoint({
  method: "GET",
  path: "/triage",
  operationId: "listTriageItems",
  summary: "List triage items",
  description: "A view of the inbox (mine, teams, unowned, all), breached first, keyset-paged.",
  scopes: ["triage:write"],
  query: z.object({
    view: z.enum(TRIAGE_VIEWS).default("mine"),
    cursor: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,300}$/, "That page link is not valid.")
      .optional(),
    limit: optionalInt(1, 200, "must be a whole number from 1 to 200"),
  }),
  response: triagePageSchema,
  paged: true,
  run: async ({ principal, query }) => {
    const page = await listTriageItems({
      view: query.view,
      viewer: principal.user,
      cursor: query.cursor ?? null,
      limit: query.limit ?? 50,
    });
    return ok(page);
  },
});

export const actOnTriageEndpoint = operationEndpoint({
  path: "/triage/actions",
  operationId: "actOnTriageItems",
  summary: "Claim, acknowledge, reassign, snooze, note or resolve triage items",
  description:
    "`itemId` (one or a list) with `op` and its fields; or `view` and `confirmCount` (the count you saw) for a whole view. Items you may not act on are skipped and counted.",
  scopes: ["triage:write"],
  body: triageItemActionSchema,
  response: triageChangeSchema,
  operation: triageItemOperation,
});

export const retryTriageEndpoint = operationEndpoint({
  path: "/triage/retries",
  operationId: "retryTriageItems",
  summary: "Retry triage items (same prompt, narrower prompt, follow up) or request changes on a review",
  scopes: ["triage:write"],
  body: triageRetrySchema,
  response: triageRetriesSchema,
  status: 201,
  operation: retryTriageOperation,
});
