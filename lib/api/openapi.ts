import "server-only";
/**
 * The OpenAPI 3.1 description of /api/v1, generated from the endpoints' own zod schemas (zod 4's
 * z.toJSONSchema, JSON Schema 2020-12, which OpenAPI 3.1 uses as is): the schemas that validate a
 * request are the ones described, so the two cannot drift. Served at /api/v1/openapi.json and
 * rendered at /api/docs.
 */
import { z } from "zod";
import { HTTP_STATUS } from "@/lib/result";
import { API_SCOPE_LABELS, API_SCOPES } from "./scopes";
import type { Endpoint } from "./route";
import { RATE_LIMIT_PER_MINUTE } from "./usage";
import { API_ENDPOINTS } from "./v1";
import { failureSchema } from "./v1/schemas";

type JsonSchema = Record<string, unknown>;

function jsonSchema(schema: z.ZodType, io: "input" | "output"): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, {
    target: "draft-2020-12",
    io,
    // Pre-processing (form booleans, repeated fields) has no JSON Schema: such a field is described by
    // its name and the endpoint's words, and still validated on the server.
    unrepresentable: "any",
    reused: "inline",
  }) as JsonSchema;
  return rest;
}

function parameters(location: "path" | "query", shape: z.ZodObject | undefined) {
  if (!shape) return [];
  return Object.entries(shape.shape as Record<string, z.ZodType>).map(([name, field]) => ({
    name,
    in: location,
    required: location === "path" || !field.safeParse(undefined).success,
    schema: jsonSchema(field, "input"),
  }));
}

const FAILURE_STATUSES = [...new Set(Object.values(HTTP_STATUS))].sort();

const RATE_HEADERS = {
  RateLimit: {
    description: 'Requests left in this window and seconds until it resets (`"per-token";r=…;t=…`).',
    schema: { type: "string" },
  },
  "RateLimit-Policy": {
    description: `The token's quota: ${RATE_LIMIT_PER_MINUTE} requests a minute (\`"per-token";q=…;w=60\`).`,
    schema: { type: "string" },
  },
};

function operationOf(endpoint: Endpoint) {
  const failure = { "application/json": { schema: jsonSchema(failureSchema, "output") } };
  const query = endpoint.queryShape ?? (endpoint.query instanceof z.ZodObject ? endpoint.query : undefined);
  return {
    operationId: endpoint.operationId,
    summary: endpoint.summary,
    ...(endpoint.description ? { description: endpoint.description } : {}),
    security: [{ bearerToken: [...endpoint.scopes] }],
    "x-scopes": [...endpoint.scopes],
    parameters: [
      ...parameters("path", endpoint.params as z.ZodObject | undefined),
      ...parameters("query", query),
      ...(endpoint.method === "POST"
        ? [
            {
              name: "Idempotency-Key",
              in: "header",
              required: false,
              description:
                "Within 24 h, the same key and body return the first answer and start nothing again; the same key with another body is a 422 `idempotency_mismatch`.",
              schema: { type: "string", pattern: "^[\\x21-\\x7e]{1,255}$" },
            },
          ]
        : []),
    ],
    ...(endpoint.body
      ? {
          requestBody: {
            required: true,
            content: { "application/json": { schema: jsonSchema(endpoint.body, "input") } },
          },
        }
      : {}),
    responses: {
      [String(endpoint.status ?? 200)]: {
        description: "Done.",
        headers: {
          ...RATE_HEADERS,
          ...(endpoint.paged
            ? {
                Link: {
                  description: 'The next page: `<…?cursor=…>; rel="next"`.',
                  schema: { type: "string" },
                },
              }
            : {}),
        },
        content: { "application/json": { schema: jsonSchema(endpoint.response, "output") } },
      },
      ...Object.fromEntries(
        FAILURE_STATUSES.map((status) => [
          String(status),
          { description: "A typed failure: `code` is stable, `message` is for people.", content: failure },
        ]),
      ),
    },
  };
}

export function openApiDocument() {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const endpoint of API_ENDPOINTS as Endpoint[]) {
    paths[endpoint.path] ??= {};
    paths[endpoint.path]![endpoint.method.toLowerCase()] = operationOf(endpoint);
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Switchyard API",
      version: "1",
      description:
        "Start and follow GitHub Copilot agent tasks through Switchyard's policies, budgets, visibility and audit. Authenticate with a personal API token (API tokens, in the user menu: /tokens) sent as `Authorization: Bearer syt_…`. A token acts as its owner.",
    },
    servers: [{ url: "/api/v1" }],
    components: {
      securitySchemes: {
        bearerToken: {
          type: "http",
          scheme: "bearer",
          description: `A personal API token. Scopes: ${API_SCOPES.map((scope) => `\`${scope}\` (${API_SCOPE_LABELS[scope]})`).join(", ")}.`,
        },
      },
    },
    paths,
  };
}
