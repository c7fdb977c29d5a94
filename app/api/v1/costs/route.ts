import { apiHandler } from "@/lib/api/route";
import { costsEndpoint } from "@/lib/api/v1";

export const GET = apiHandler(costsEndpoint);
