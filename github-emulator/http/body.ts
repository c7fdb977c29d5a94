import type { IncomingMessage } from "node:http";
import { githubError, HttpError, problemsParsingJson } from "./errors";
import type { ApiRequest } from "./types";

const MAX_BODY_BYTES = 5 * 1024 * 1024;

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new HttpError(githubError(413, "Request body too large"));
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

/** Parses a JSON object body the way GitHub does: 400 for bad JSON, 422 for non-objects. */
export function jsonObject(req: ApiRequest, documentationUrl?: string): Record<string, unknown> {
  const text = req.rawBody.toString("utf8").trim();
  if (text === "") return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new HttpError(problemsParsingJson(documentationUrl));
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new HttpError(
      githubError(422, `Invalid request.\n\n${JSON.stringify(value)} is not an object.`, documentationUrl),
    );
  }
  return value as Record<string, unknown>;
}

/** Form-encoded or JSON body as string pairs (the OAuth endpoints accept both). */
export function formParams(req: ApiRequest): URLSearchParams {
  const params = new URLSearchParams(req.query);
  const text = req.rawBody.toString("utf8");
  const type = String(req.headers["content-type"] ?? "");
  if (type.includes("application/json")) {
    try {
      const value = JSON.parse(text || "{}") as Record<string, unknown>;
      for (const [key, v] of Object.entries(value))
        if (v !== undefined && v !== null) params.set(key, String(v));
    } catch {
      // GitHub answers the token endpoint with an error body rather than a 400; callers see missing params.
    }
  } else {
    for (const [key, v] of new URLSearchParams(text)) params.set(key, v);
  }
  return params;
}
