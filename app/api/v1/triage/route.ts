import { apiHandler } from "@/lib/api/route";
import { listTriageEndpoint } from "@/lib/api/v1";

export const GET = apiHandler(listTriageEndpoint);
