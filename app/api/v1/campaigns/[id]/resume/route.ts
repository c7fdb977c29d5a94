import { apiHandler } from "@/lib/api/route";
import { resumeCampaignEndpoint } from "@/lib/api/v1";

export const POST = apiHandler(resumeCampaignEndpoint);
