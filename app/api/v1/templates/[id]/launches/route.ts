import { apiHandler } from "@/lib/api/route";
import { launchTemplateEndpoint } from "@/lib/api/v1";

export const POST = apiHandler(launchTemplateEndpoint);
