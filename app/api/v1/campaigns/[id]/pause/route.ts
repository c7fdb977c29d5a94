import { apiHandler } from "@/lib/api/route";
import { pauseCampaignEndpoint } from "@/lib/api/v1";

export const POST = apiHandler(pauseCampaignEndpoint);
