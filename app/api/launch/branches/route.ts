import { z } from "zod";
import { ok } from "@/lib/result";
import { ownerSchema, repoSchema } from "@/lib/github";
import { jsonRoute } from "@/lib/http/route";
import { repositoryBranches } from "@/lib/repositories/pickers";

const querySchema = z.object({
  repo: z
    .string()
    .max(200)
    .transform((value, context) => {
      const [owner, name, ...rest] = value.split("/");
      const o = ownerSchema.safeParse(owner);
      const r = repoSchema.safeParse(name);
      if (rest.length || !o.success || !r.success) {
        context.addIssue({ code: "custom", message: "Use owner/name." });
        return z.NEVER;
      }
      return { owner: o.data, name: r.data };
    }),
});

/** Branches of one repository (`repo=owner/name`), read with the signed-in person's access. */
export const GET = jsonRoute(
  { query: querySchema, invalidMessage: "Use owner/name." },
  async ({ user, query }) =>
    ok({ branches: await repositoryBranches(user.id, query.repo.owner, query.repo.name) }),
);
