import { apiHandler } from "@/lib/api/route";
import { dryRunCampaignEndpoint } from "@/lib/api/v1";

export const POST = apiHandler(dryRunCampaignEndpoint);
