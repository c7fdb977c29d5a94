import "server-only";
/**
 * The one wrapper for JSON route handlers under app/api (all but Auth.js's and /api/health):
 *
 *   export const GET = jsonRoute({ query: querySchema, params: paramsSchema }, async ({ user, query }) =>
 *     ok(await loadThing(query, user)));
 *
 * It checks the session (401), parses the query string and the path's params with zod (400 with
 * the shared codes and field errors), and turns a handler's result into a response: `ok(data)` is
 * JSON (never cached), `fail(code, …)` or a thrown FailureError, GitHubError, token or Prisma error
 * gets its code's status from HTTP_STATUS, and anything unexpected is a 500 that says nothing more
 * (logged without details). A handler may also return a Response of its own (a CSV stream).
 */
import { createHash } from "node:crypto";
import { unstable_rethrow } from "next/navigation";
import { z } from "zod";
import { failureFromError } from "@/lib/errors";
import { fail, HTTP_STATUS, type ActionFailure, type ActionResult } from "@/lib/result";
import { currentUser, type SignedInUser } from "@/lib/auth/session";
import { FailureError } from "@/lib/errors";
import { fieldErrorsOf } from "@/lib/validations/common";

const NO_STORE = { "cache-control": "private, no-store" } as const;

/** A failure as JSON: `{ code, message, fieldErrors? }` with its code's status. */
export function failureResponse(failure: ActionFailure, headers: Record<string, string> = {}): Response {
  const { code, message, fieldErrors, signInAgain } = failure;
  return Response.json(
    { code, message, ...(fieldErrors ? { fieldErrors } : {}), ...(signInAgain ? { signInAgain } : {}) },
    { status: HTTP_STATUS[code], headers: { ...NO_STORE, ...headers } },
  );
}

/**
 * `data` as JSON with an ETag (a hash of the body): a poll whose If-None-Match names it gets an empty
 * 304, so an unchanged answer is not sent again. `no-cache` lets the browser keep the body and ask
 * with the tag by itself (fetch sees the 304 as the kept 200).
 */
export function conditionalJson(request: Request, data: unknown): Response {
  const body = JSON.stringify(data);
  const etag = `"${createHash("sha256").update(body).digest("base64url").slice(0, 32)}"`;
  const headers = { "cache-control": "private, no-cache", etag };
  const asked = (request.headers.get("if-none-match") ?? "").split(",").map((tag) => tag.trim());
  if (asked.includes(etag) || asked.includes(`W/${etag}`))
    return new Response(null, { status: 304, headers });
  return new Response(body, { headers: { ...headers, "content-type": "application/json" } });
}

/** The query string as an object: a repeated key becomes an array, a single one stays a string. */
export function queryObject(params: URLSearchParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [key, value] of params) {
    const previous = out[key];
    out[key] =
      previous === undefined ? value : Array.isArray(previous) ? [...previous, value] : [previous, value];
  }
  return out;
}

type RouteInput<Q extends z.ZodType, P extends z.ZodType> = {
  user: SignedInUser;
  query: z.output<Q>;
  params: z.output<P>;
  request: Request;
};

type RouteSpec<Q extends z.ZodType, P extends z.ZodType> = {
  query?: Q;
  params?: P;
  /** What an unparsable query or path says (field errors say where). */
  invalidMessage?: string;
};

type RouteContext = { params?: Promise<Record<string, string | string[] | undefined>> };

const EMPTY = z.object({});

const jsonRoutes = new WeakSet<object>();

/** True for handlers made by jsonRoute: the test that enumerates app/api checks every route is one. */
export function isJsonRoute(value: unknown): boolean {
  return typeof value === "function" && jsonRoutes.has(value);
}

export function jsonRoute<Q extends z.ZodType = typeof EMPTY, P extends z.ZodType = typeof EMPTY>(
  spec: RouteSpec<Q, P>,
  handler: (input: RouteInput<Q, P>) => Promise<ActionResult<unknown> | Response>,
): (request: Request, context?: RouteContext) => Promise<Response> {
  const route = async (request: Request, context?: RouteContext): Promise<Response> => {
    try {
      const user = await currentUser();
      if (!user) return failureResponse(fail("signed_out", "Sign in to Switchyard first."));
      const params = (spec.params ?? EMPTY).safeParse((await context?.params) ?? {});
      const query = (spec.query ?? EMPTY).safeParse(queryObject(new URL(request.url).searchParams));
      if (!params.success || !query.success) {
        const fieldErrors = {
          ...(params.success ? {} : fieldErrorsOf(params.error)),
          ...(query.success ? {} : fieldErrorsOf(query.error)),
        };
        return failureResponse(
          fail("invalid_input", spec.invalidMessage ?? "Some of the request is not valid.", { fieldErrors }),
        );
      }
      const result = await handler({
        user,
        query: query.data as z.output<Q>,
        params: params.data as z.output<P>,
        request,
      });
      if (result instanceof Response) return result;
      if (!result.ok) return failureResponse(result);
      return Response.json(result.data, { headers: NO_STORE });
    } catch (error) {
      unstable_rethrow(error);
      if (error instanceof FailureError)
        return failureResponse(
          error.failure,
          error.retryAfterSeconds ? { "retry-after": String(error.retryAfterSeconds) } : {},
        );
      // Typed errors (GitHub, tokens, Prisma's not-found and conflict) keep their code; anything
      // else is logged without details and answered "unknown" (500), saying nothing more.
      return failureResponse(failureFromError(error));
    }
  };
  jsonRoutes.add(route);
  return route;
}
