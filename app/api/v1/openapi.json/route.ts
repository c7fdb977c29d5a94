/** The OpenAPI 3.1 description of /api/v1: public (it describes, it holds nothing), built per request, cached a minute. */
import { openApiDocument } from "@/lib/api/openapi";

export function GET(): Response {
  return Response.json(openApiDocument(), { headers: { "cache-control": "public, max-age=60" } });
}
