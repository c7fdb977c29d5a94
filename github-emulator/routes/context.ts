import type { Emulator } from "../core/emulator";
import type { RepoRecord } from "../core/model";
import { HttpError, notFound } from "../http/errors";
import { linkHeader, pageOf, type Paging } from "../http/pagination";
import type { ApiRequest, ApiResponse } from "../http/types";
import type { ShapeContext } from "./shapes";

export function shapeContext(emu: Emulator, req: ApiRequest): ShapeContext {
  return { api: `${emu.publicUrl}${req.basePath}`, web: emu.publicUrl, apiVersion: req.apiVersion };
}

export function login(req: ApiRequest): string | null {
  return req.auth?.user.login ?? null;
}

/** The repository if the caller can see it; otherwise a 404 (GitHub hides what you cannot see). */
export function visibleRepo(
  emu: Emulator,
  req: ApiRequest,
  owner: string,
  name: string,
  docs?: string,
): RepoRecord {
  const repo = emu.store.repo(owner, name);
  if (!repo || emu.store.permission(login(req), repo) === null) throw new HttpError(notFound(docs));
  return repo;
}

/**
 * A classic GitHub list response: one page of items and a Link header; with `envelope`, the page
 * sits in `{total_count, [envelope]: items}` (check runs, workflow runs).
 */
export function listResponse<T>(
  emu: Emulator,
  req: ApiRequest,
  items: readonly T[],
  paging: Paging,
  envelope?: string,
): ApiResponse {
  const link = linkHeader(
    `${emu.publicUrl}${req.basePath}${req.path}`,
    req.query,
    paging,
    items.length,
    "classic",
  );
  const page = pageOf(items, paging);
  const body = envelope ? { total_count: items.length, [envelope]: page } : page;
  return { status: 200, body, headers: link ? { link } : {} };
}

export function compareBy<T>(key: (item: T) => string | number, direction: "asc" | "desc") {
  const sign = direction === "asc" ? 1 : -1;
  return (a: T, b: T) => {
    const x = key(a);
    const y = key(b);
    return x < y ? -sign : x > y ? sign : 0;
  };
}
