import type { IncomingHttpHeaders } from "node:http";
import type { TokenRecord, UserRecord } from "../core/model";

export interface ApiRequest {
  method: string;
  /** Path without the optional `/api/v3` prefix. */
  path: string;
  /** `""` or `"/api/v3"`: kept so generated links use the same prefix as the request. */
  basePath: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  params: Record<string, string>;
  rawBody: Buffer;
  auth: { user: UserRecord; token: TokenRecord } | null;
  apiVersion: string;
  requestId: string;
  /** Rate-limit bucket: `user:<id>` or `ip:<address>`. */
  rateKey: string;
}

export interface ApiResponse {
  status: number;
  /** Serialised as JSON unless `text` is given. */
  body?: unknown;
  text?: string;
  headers?: Record<string, string>;
}

export type Handler = (req: ApiRequest) => ApiResponse | Promise<ApiResponse>;
