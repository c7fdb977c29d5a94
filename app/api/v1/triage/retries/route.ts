import { apiHandler } from "@/lib/api/route";
import { retryTriageEndpoint } from "@/lib/api/v1";

export const POST = apiHandler(retryTriageEndpoint);
