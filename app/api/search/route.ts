import { z } from "zod";
import { ok } from "@/lib/result";
import { jsonRoute } from "@/lib/http/route";
import { searchEverything } from "@/lib/dal/search";

// Postgres cannot hold NUL (nor would a search for it mean anything): refused as bad input.
const querySchema = z.object({
  q: z
    .string()
    .max(300)
    .refine((text) => !text.includes("\u0000"), "must not contain NUL")
    .default(""),
});

/** The command palette: tasks, repositories, campaigns, templates and people matching `q` or a pasted GitHub URL. */
export const GET = jsonRoute({ query: querySchema }, async ({ user, query }) =>
  ok(await searchEverything(user, query.q)),
);
