import { apiHandler } from "@/lib/api/route";
import { getCampaignEndpoint } from "@/lib/api/v1";

export const GET = apiHandler(getCampaignEndpoint);
