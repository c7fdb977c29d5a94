import { apiHandler } from "@/lib/api/route";
import { actOnTriageEndpoint } from "@/lib/api/v1";

export const POST = apiHandler(actOnTriageEndpoint);
