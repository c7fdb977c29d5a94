import { apiHandler } from "@/lib/api/route";
import { listTasksEndpoint, startTaskEndpoint } from "@/lib/api/v1";

export const GET = apiHandler(listTasksEndpoint);
export const POST = apiHandler(startTaskEndpoint);
