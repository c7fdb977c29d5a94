import { apiHandler } from "@/lib/api/route";
import { getTaskEndpoint } from "@/lib/api/v1";

export const GET = apiHandler(getTaskEndpoint);
