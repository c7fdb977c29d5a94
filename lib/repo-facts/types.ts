/** What templates may know about a repository (its facts, as read by ./facts.ts). Client-safe. */
export type RepoFactsView = {
  owner: string;
  name: string;
  fullName: string;
  defaultBranch: string | null;
  language: string | null;
  packageManager: string | null;
  testCommand: string | null;
  buildCommand: string | null;
  lintCommand: string | null;
  manifests: string[];
  codeownersPath: string | null;
  codeowners: string[];
  workflows: string[];
  topics: string[];
  visibility: string | null;
};
