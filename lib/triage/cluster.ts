/**
 * Failure clusters: failed tasks whose errors say the same thing once the specifics (numbers, ids,
 * hosts, paths, quoted values) are taken out.
 */

/** A stable key for "the same failure", e.g. "firewall blocked a request to <host>". */
export function clusterKeyFor(errorMessage: string | null | undefined): string | null {
  if (!errorMessage) return null;
  const key = errorMessage
    .toLowerCase()
    .replace(/https?:\/\/\S+/g, "<url>")
    .replace(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/g, "<id>")
    .replace(/\b[0-9a-f]{7,40}\b/g, "<sha>")
    .replace(/(["'`]).*?\1/g, "<value>")
    .replace(/\b[\w-]+(\.[\w-]+)+\.(com|org|net|io|dev|sh|cloud|co)\b/g, "<host>")
    .replace(/(\.{0,2}\/)?([\w.-]+\/)+[\w.-]+/g, "<path>")
    .replace(/\d+(\.\d+)*/g, "<n>")
    .replace(/\s+/g, " ")
    .trim();
  return key.slice(0, 200) || null;
}
