import "server-only";
/**
 * The one wrapper for /api/v1 handlers. Each endpoint is declared once (lib/api/v1/), with what the
 * OpenAPI description says of it, and served by `apiHandler(endpoint)` in its app/api/v1 route:
 *
 *   bearer token only (a browser session does not authenticate /api/v1, so no cookie can make a
 *   write: CSRF does not arise) → the token's scope → the per-token rate limit (RateLimit headers on
 *   every answer) → path, query and body parsed (400) → for a POST with Idempotency-Key, the stored
 *   answer or the one run (lib/api/idempotency.ts) → the endpoint's run with the token's Principal.
 *
 * Failures are `{ code, message, fieldErrors? }` with the code's status (lib/result.ts HTTP_STATUS).
 */
import { unstable_rethrow } from "next/navigation";
import { z } from "zod";
import { runOperation, type Operation } from "@/lib/actions/kit";
import { writeAudit } from "@/lib/audit";
import { personPrincipal, type Principal } from "@/lib/auth/principal";
import { db } from "@/lib/db";
import { failureFromError } from "@/lib/errors";
import { failureResponse, queryObject } from "@/lib/http/route";
import { fail, HTTP_STATUS, type ActionFailure, type ActionResult } from "@/lib/result";
import { fieldErrorsOf, fieldWithUnstorableText } from "@/lib/validations/common";
import { idempotent, isValidIdempotencyKey, requestHash } from "./idempotency";
import type { ApiScope } from "./scopes";
import { authenticateBearer } from "./tokens";
import { countRequest, rateLimitHeaders } from "./usage";

const EMPTY = z.object({});
const MAX_BODY_BYTES = 1_000_000;

export type Endpoint<P extends z.ZodType = z.ZodType, Q extends z.ZodType = z.ZodType> = {
  method: "GET" | "POST";
  /** The OpenAPI path under /api/v1, e.g. `/tasks/{id}`. */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  /** Any one of these lets a token call the endpoint. */
  scopes: readonly ApiScope[];
  params?: P;
  query?: Q;
  /** What the query looks like in the description (when `query` pre-processes the string). */
  queryShape?: z.ZodObject;
  /** The request body (the operation's own input schema), for the description. */
  body?: z.ZodType;
  /** The answer's shape on success. */
  response: z.ZodType;
  status?: 200 | 201 | 202;
  /** `{ items, nextCursor }` with a `Link: <…>; rel="next"` header. */
  paged?: boolean;
  run(input: {
    principal: Principal;
    params: z.output<P>;
    query: z.output<Q>;
    body: Record<string, unknown>;
  }): Promise<ActionResult<unknown>>;
};

export function endpoint<P extends z.ZodType = typeof EMPTY, Q extends z.ZodType = typeof EMPTY>(
  definition: Endpoint<P, Q>,
): Endpoint<P, Q> {
  return definition;
}

/**
 * A POST answered by an operation (lib/operations/), as the page's action would be, without the
 * redirect: one rule set for the form and the API. Its input is the body, or `input` of the path's
 * parameters and the body.
 */
export function operationEndpoint<S extends z.ZodType, T, P extends z.ZodType = typeof EMPTY>(
  definition: Omit<Endpoint<P>, "method" | "run"> & {
    operation: Operation<S, T>;
    input?: (request: { params: z.output<P>; body: Record<string, unknown> }) => unknown;
  },
): Endpoint<P> {
  const { operation, input, ...rest } = definition;
  return endpoint({
    ...rest,
    method: "POST",
    run: ({ principal, params, body }) =>
      runOperation(operation, principal, input ? input({ params, body }) : body, { redirect: false }),
  });
}

type RouteContext = { params?: Promise<Record<string, string | string[] | undefined>> };

const apiHandlers = new WeakSet<object>();

/** True for handlers made by apiHandler (app/api/routes.test.ts checks every v1 route is one). */
export function isApiHandler(value: unknown): boolean {
  return typeof value === "function" && apiHandlers.has(value);
}

const NO_STORE = { "cache-control": "private, no-store" } as const;

function json(status: number, body: unknown, headers: Record<string, string>): Response {
  return Response.json(body, { status, headers: { ...NO_STORE, ...headers } });
}

/** The request's Link header for the next page: this URL with `cursor` set. */
function nextLink(request: Request, cursor: string): string {
  const url = new URL(request.url);
  url.searchParams.set("cursor", cursor);
  return `<${url.pathname}${url.search}>; rel="next"`;
}

async function readBody(
  request: Request,
): Promise<ActionResult<{ text: string; value: Record<string, unknown> }>> {
  const text = await request.text();
  if (Buffer.byteLength(text) > MAX_BODY_BYTES) return fail("invalid_input", "The body is over 1 MB.");
  if (text.trim() === "") return { ok: true, data: { text: "", value: {} } };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return fail("invalid_input", "The body is not JSON.");
  }
  if (typeof value !== "object" || value === null || Array.isArray(value))
    return fail("invalid_input", "The body must be a JSON object.");
  return { ok: true, data: { text, value: value as Record<string, unknown> } };
}

export function apiHandler<P extends z.ZodType, Q extends z.ZodType>(
  definition: Endpoint<P, Q>,
): (request: Request, context?: RouteContext) => Promise<Response> {
  const handler = async (request: Request, context?: RouteContext): Promise<Response> => {
    let headers: Record<string, string> = {};
    const answer = (failure: ActionFailure, extra: Record<string, string> = {}) =>
      failureResponse(failure, { ...headers, ...extra });
    try {
      const authenticated = await authenticateBearer(db, request.headers.get("authorization"));
      if (!authenticated.ok)
        return answer(
          authenticated,
          authenticated.code === "signed_out" ? { "www-authenticate": "Bearer" } : {},
        );
      const { user, token } = authenticated.data;
      const allowed = definition.scopes.some((scope) => token.scopes.includes(scope));
      const rate = await countRequest(
        db,
        token.id,
        !allowed ? "refused" : definition.method === "GET" ? "reads" : "writes",
      );
      headers = rateLimitHeaders(rate);
      if (!allowed) {
        await writeAudit(db, {
          action: "api.refused",
          actorId: user.id,
          actorLogin: user.login,
          outcome: "forbidden",
          details: { via: "api", apiTokenId: token.id, endpoint: `${definition.method} ${definition.path}` },
        });
        return answer(
          fail(
            "forbidden",
            `This token lacks the scope for this request: ${definition.scopes.join(" or ")}.`,
          ),
        );
      }
      if (rate.exceeded)
        return answer(
          fail("rate_limited", `Over ${rate.limit} requests a minute for this token: try again shortly.`),
          { "retry-after": String(rate.resetSeconds) },
        );

      const params = (definition.params ?? EMPTY).safeParse((await context?.params) ?? {});
      const query = (definition.query ?? EMPTY).safeParse(queryObject(new URL(request.url).searchParams));
      if (!params.success || !query.success)
        return answer(
          fail("invalid_input", "Some of the request is not valid.", {
            fieldErrors: {
              ...(params.success ? {} : fieldErrorsOf(params.error)),
              ...(query.success ? {} : fieldErrorsOf(query.error)),
            },
          }),
        );
      const body =
        definition.method === "POST"
          ? await readBody(request)
          : { ok: true as const, data: { text: "", value: {} } };
      if (!body.ok) return answer(body);
      const unstorable = fieldWithUnstorableText(body.data.value);
      if (unstorable !== null)
        return answer(
          fail(
            "invalid_input",
            "The text contains characters that cannot be stored (NUL or broken unicode).",
            {
              fieldErrors: { [unstorable || "_form"]: ["Remove the NUL or broken unicode character."] },
            },
          ),
        );

      const principal = personPrincipal(user, {
        kind: "api_token",
        tokenId: token.id,
        tokenName: token.name,
        scopes: token.scopes,
      });
      const run = async (): Promise<{ status: number; body: unknown }> => {
        const result = await definition
          .run({
            principal,
            params: params.data as z.output<P>,
            query: query.data as z.output<Q>,
            body: body.data.value,
          })
          .catch(failureFromError);
        if (!result.ok) {
          const { code, message, fieldErrors } = result;
          return {
            status: HTTP_STATUS[code],
            body: { code, message, ...(fieldErrors ? { fieldErrors } : {}) },
          };
        }
        return { status: definition.status ?? 200, body: result.data };
      };

      const key = request.headers.get("idempotency-key");
      if (definition.method === "POST" && key !== null) {
        if (!isValidIdempotencyKey(key))
          return answer(fail("invalid_input", "Idempotency-Key must be 1 to 255 visible ASCII characters."));
        const url = new URL(request.url);
        const outcome = await idempotent(
          db,
          { tokenId: token.id, key, hash: requestHash("POST", url.pathname, body.data.text) },
          run,
        );
        if ("mismatch" in outcome)
          return answer(
            fail(
              "idempotency_mismatch",
              "This Idempotency-Key was used with another request: use a new key for a new request.",
            ),
          );
        if ("busy" in outcome)
          return answer(
            fail("conflict", "A request with this Idempotency-Key is still running: try again shortly."),
          );
        return json(outcome.status, outcome.body, {
          ...headers,
          ...(outcome.replayed ? { "idempotent-replayed": "true" } : {}),
        });
      }

      const result = await run();
      const cursor =
        definition.paged && result.status < 300
          ? (result.body as { nextCursor?: string | null }).nextCursor
          : null;
      return json(result.status, result.body, {
        ...headers,
        ...(cursor ? { link: nextLink(request, cursor) } : {}),
      });
    } catch (error) {
      unstable_rethrow(error);
      return answer(failureFromError(error));
    }
  };
  apiHandlers.add(handler);
  return handler;
}
