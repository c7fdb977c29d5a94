/**
 * Every TanStack Query key in one place, so a component that changes data invalidates exactly
 * what shows it. Client-safe.
 */
export const queryKeys = {
  dashboard: (scope: string) => ["dashboard", scope] as const,
  tasks: (query: string) => ["tasks", query] as const,
  campaign: (id: string) => ["campaign", id] as const,
  /** Under the campaign's key, so what invalidates the campaign refetches its dry run too. */
  dryRun: (id: string, filter: string, search: string) =>
    ["campaign", id, "dry-run", filter, search] as const,
  dryRunPrompt: (id: string, targetId: string) => ["campaign", id, "prompt", targetId] as const,
  notifications: () => ["notifications"] as const,
  repositorySearch: (text: string) => ["launch", "repositories", text] as const,
  branches: (fullName: string) => ["launch", "branches", fullName] as const,
  launchPreview: (fields: string) => ["launch", "preview", fields] as const,
  repositorySetup: (id: string) => ["repository-setup", id] as const,
  search: (text: string) => ["search", text] as const,
  targetMatches: (fields: string) => ["schedules", "target-matches", fields] as const,
};
