export * from "./client";
export * from "./errors";
export * from "./agent-tasks";
export * from "./repos";
export * from "./schemas";
export type { Conditional } from "./request";
export * from "./contents";
export * from "./orgs";
export * from "./repo-files";
