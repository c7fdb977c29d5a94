import { apiHandler } from "@/lib/api/route";
import { launchCampaignEndpoint } from "@/lib/api/v1";

export const POST = apiHandler(launchCampaignEndpoint);
