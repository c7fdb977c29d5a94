export interface Paging {
  page: number;
  perPage: number;
}

/** GitHub's classic behaviour: per_page is clamped to 1..100, bad values fall back to defaults. */
export function lenientPaging(query: URLSearchParams, defaultPerPage = 30): Paging {
  const perPage = Number.parseInt(query.get("per_page") ?? "", 10);
  const page = Number.parseInt(query.get("page") ?? "", 10);
  return {
    perPage: Number.isFinite(perPage) && perPage > 0 ? Math.min(perPage, 100) : defaultPerPage,
    page: Number.isFinite(page) && page > 0 ? page : 1,
  };
}

export function pageOf<T>(items: readonly T[], paging: Paging): T[] {
  const start = (paging.page - 1) * paging.perPage;
  return items.slice(start, start + paging.perPage);
}

function pageUrl(base: string, query: URLSearchParams, page: number, perPage: number): string {
  const params = new URLSearchParams(query);
  params.delete("page");
  params.delete("per_page");
  params.set("per_page", String(perPage));
  params.set("page", String(page));
  return `<${base}?${params.toString()}>`;
}

/**
 * Builds the `Link` header.
 * - `classic`: GitHub's usual rules: prev/first only after page 1, next/last only before the end;
 *   no header at all for a single page.
 * - `agent-tasks`: the agent tasks description: first always, prev when page > 1, next when more
 *   pages exist, and last (we always send it; it is computable).
 */
export function linkHeader(
  base: string,
  query: URLSearchParams,
  paging: Paging,
  total: number,
  style: "classic" | "agent-tasks",
): string | undefined {
  const lastPage = Math.max(1, Math.ceil(total / paging.perPage));
  const links: string[] = [];
  const add = (page: number, rel: string) =>
    links.push(`${pageUrl(base, query, page, paging.perPage)}; rel="${rel}"`);
  if (style === "classic") {
    if (paging.page > 1) add(Math.min(paging.page - 1, lastPage), "prev");
    if (paging.page < lastPage) {
      add(paging.page + 1, "next");
      add(lastPage, "last");
    }
    if (paging.page > 1) add(1, "first");
    return links.length > 0 ? links.join(", ") : undefined;
  }
  if (paging.page < lastPage) add(paging.page + 1, "next");
  if (paging.page > 1) add(Math.min(paging.page - 1, lastPage), "prev");
  add(1, "first");
  add(lastPage, "last");
  return links.join(", ");
}
