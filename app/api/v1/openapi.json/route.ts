/** The OpenAPI 3.1 description of /api/v1: public (it describes, it holds nothing), never cached stale. */
import { openApiDocument } from "@/lib/api/openapi";

export const dynamic = "force-static";

export function GET(): Response {
  return Response.json(openApiDocument(), { headers: { "cache-control": "public, max-age=60" } });
}
