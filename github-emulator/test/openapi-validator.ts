import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Ajv, type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

interface Operation {
  operationId: string;
  responses: Record<
    string,
    { headers?: Record<string, unknown>; content?: Record<string, { schema: JsonObject }> }
  >;
}

const operationsFile = fileURLToPath(new URL("../openapi/operations.json", import.meta.url));
const description = JSON.parse(readFileSync(operationsFile, "utf8")) as {
  paths: Record<string, Record<string, Operation>>;
};

function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** RFC 7386 merge patch: the format of `x-github-breaking-changes` patches. */
function mergePatch(target: Json, patch: Json): Json {
  if (!isObject(patch)) return patch;
  const result: JsonObject = isObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = mergePatch(result[key] ?? null, value);
  }
  return result;
}

/**
 * Turns an OpenAPI 3.0 schema into JSON Schema for ajv:
 * - `nullable: true` becomes a type union with "null" (or an anyOf when there is no `type`);
 * - breaking-change patches for API versions up to `apiVersion` are applied.
 */
export function toJsonSchema(schema: Json, apiVersion: string): Json {
  if (Array.isArray(schema)) return schema.map((item) => toJsonSchema(item, apiVersion));
  if (!isObject(schema)) return schema;
  let current: JsonObject = schema;
  const changes = current["x-github-breaking-changes"];
  if (Array.isArray(changes)) {
    for (const change of changes) {
      if (
        isObject(change) &&
        typeof change.version === "string" &&
        change.version <= apiVersion &&
        change.patch
      ) {
        current = mergePatch(current, change.patch) as JsonObject;
      }
    }
  }
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(current)) {
    if (key.startsWith("x-") || key === "example" || key === "examples" || key === "nullable") continue;
    out[key] =
      key === "properties" && isObject(value)
        ? Object.fromEntries(
            Object.entries(value).map(([name, sub]) => [name, toJsonSchema(sub, apiVersion)]),
          )
        : toJsonSchema(value, apiVersion);
  }
  if (current.nullable === true) {
    if (typeof out.type === "string") {
      out.type = [out.type, "null"];
      if (Array.isArray(out.enum)) out.enum = [...out.enum, null];
      return out;
    }
    return { anyOf: [out, { type: "null" }] };
  }
  return out;
}

const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
addFormats.default(ajv);
const cache = new Map<string, ValidateFunction>();

export function operation(method: string, path: string): Operation {
  const op = description.paths[path]?.[method.toLowerCase()];
  if (!op) throw new Error(`operation ${method} ${path} is not in operations.json`);
  return op;
}

/** Validates a response body against the declared schema; returns readable errors (empty = valid). */
export function validateResponse(
  method: string,
  path: string,
  status: number,
  body: unknown,
  apiVersion = "2022-11-28",
): string[] {
  const op = operation(method, path);
  const response = op.responses[String(status)];
  if (!response) return [`${op.operationId} declares no ${status} response`];
  const schema = response.content?.["application/json"]?.schema;
  if (!schema)
    return body === undefined || body === null || body === "" ? [] : [`${status} declares no JSON body`];
  const key = `${method} ${path} ${status} ${apiVersion}`;
  let validate = cache.get(key);
  if (!validate) {
    validate = ajv.compile(toJsonSchema(schema, apiVersion) as object);
    cache.set(key, validate);
  }
  if (validate(body)) return [];
  return (validate.errors ?? [])
    .slice(0, 10)
    .map((e) => `${e.instancePath || "/"} ${e.message ?? ""} ${JSON.stringify(e.params)}`);
}

/** Header names the description declares for a response (e.g. Link). */
export function declaredHeaders(method: string, path: string, status: number): string[] {
  return Object.keys(operation(method, path).responses[String(status)]?.headers ?? {});
}
