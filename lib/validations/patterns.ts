/** Repository pattern fields (policies, routing rules, campaign name patterns). Client-safe. */
import { z } from "zod";
import { patternProblem } from "@/lib/patterns/glob";

const OWNER_NAME_SHAPE = /^[^/]+\/[^/]+$/;

/** owner/name with wildcards, e.g. acme/payments-* (see lib/patterns/glob.ts for what they match). */
export const repositoryPatternSchema = z
  .string()
  .trim()
  .superRefine((value, ctx) => {
    const problem = patternProblem(value);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
    else if (!OWNER_NAME_SHAPE.test(value))
      ctx.addIssue({
        code: "custom",
        message: "Use owner/name, with * for any characters and ? for one, e.g. acme/payments-*.",
      });
  });

/** A repository name with wildcards, without the owner, e.g. payments-*. */
export const repositoryNamePatternSchema = z
  .string()
  .trim()
  .superRefine((value, ctx) => {
    if (value.includes("/"))
      ctx.addIssue({ code: "custom", message: "The pattern matches repository names, without the owner." });
    else {
      const problem = patternProblem(value);
      if (problem)
        ctx.addIssue({ code: "custom", message: value ? problem : "Give a name pattern, e.g. payments-*." });
    }
  });
