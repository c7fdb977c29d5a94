import type { DetectedFacts } from "./detect";

/** What templates may know about a repository (its facts, as read by ./facts.ts). Client-safe. */
export type RepoFactsView = DetectedFacts & {
  owner: string;
  name: string;
  fullName: string;
  defaultBranch: string | null;
  codeownersPath: string | null;
  codeowners: string[];
  workflows: string[];
  topics: string[];
  visibility: string | null;
};
