/**
 * Where a webhook may point, checked when it is saved (and again at every send, with DNS, in
 * lib/notifications/egress.ts): https on port 443 to a public host, an internal host an admin allowed
 * (SWITCHYARD_WEBHOOK_ALLOWED_HOSTS), or this machine only where SWITCHYARD_WEBHOOK_ALLOW_LOOPBACK=1.
 * Server-side: the policy comes from the environment.
 */
import { z } from "zod";
import { getEnv } from "@/lib/env";
import { checkWebhookUrl, egressPolicyFromEnv } from "@/lib/notifications/egress";

export const webhookUrlSchema = z
  .string()
  .max(2000, "Keep the URL under 2,000 characters.")
  .superRefine((value, ctx) => {
    const checked = checkWebhookUrl(value, egressPolicyFromEnv(getEnv()));
    if (!checked.ok) ctx.addIssue({ code: "custom", message: checked.problem });
  });
