/** What the Costs page and its CSV export accept in their URL. Client-safe. */
import { z } from "zod";
import { COST_GRANULARITIES, MONTH_PATTERN } from "./periods";

export const costQuerySchema = z.object({
  month: z
    .string()
    .regex(MONTH_PATTERN, "must be a month (YYYY-MM)")
    .refine((value) => value >= "2000-01" && value <= "2999-12", "must be a month from 2000 to 2999")
    .optional(),
  by: z.enum(COST_GRANULARITIES).default("day"),
});

export type CostQuery = z.infer<typeof costQuerySchema>;
