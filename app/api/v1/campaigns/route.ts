import { apiHandler } from "@/lib/api/route";
import { createCampaignEndpoint } from "@/lib/api/v1";

export const POST = apiHandler(createCampaignEndpoint);
