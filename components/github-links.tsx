"use client";

import { createContext, useContext, type ReactNode } from "react";
import { CopyButton } from "@/components/ui/copy-button";
import { cn } from "@/components/ui/cn";
import {
  githubBranchUrl,
  githubPersonUrl,
  githubPullRequestUrl,
  githubRepositoryUrl,
  type RepositoryRef,
} from "@/lib/github/web-urls";

/*
 * Links out to GitHub wherever a repository, branch, pull request or person is named. The base URL
 * (GITHUB_WEB_URL) is read on the server by the root layout and handed down once.
 */

const GitHubWebUrl = createContext("https://github.com");

export function GitHubWebUrlProvider({ url, children }: { url: string; children: ReactNode }) {
  return <GitHubWebUrl.Provider value={url}>{children}</GitHubWebUrl.Provider>;
}

export const useGitHubWebUrl = () => useContext(GitHubWebUrl);

/** A link that leaves Switchyard for GitHub, in a new tab, and says so to screen readers. */
export function GitHubLink({
  href,
  children,
  className,
}: {
  href: string;
  children: ReactNode;
  className?: string;
}) {
  return (
    <a href={href} target="_blank" rel="noreferrer" className={cn("underline underline-offset-2", className)}>
      {children}
      <span aria-hidden="true"> ↗</span>
      <span className="sr-only"> (on GitHub, opens in a new tab)</span>
    </a>
  );
}

/**
 * owner/name, linked to the repository on GitHub, with a copy button unless `copy` is false.
 * `linkClassName` styles the link, e.g. padding that makes a small line's link a 24 px target.
 */
export function RepositoryName({
  repository,
  copy = true,
  linkClassName,
}: {
  repository: string;
  copy?: boolean;
  linkClassName?: string;
}) {
  const web = useGitHubWebUrl();
  const ref = splitRepository(repository);
  return (
    <span className="inline-flex flex-wrap items-center gap-1">
      {ref ? (
        <GitHubLink href={githubRepositoryUrl(web, ref)} className={linkClassName}>
          {repository}
        </GitHubLink>
      ) : (
        repository
      )}
      {copy ? <CopyButton value={repository} label={`Copy repository name ${repository}`} /> : null}
    </span>
  );
}

/** A branch, linked to its tree on GitHub, with a copy button. */
export function BranchName({ repository, branch }: { repository: string; branch: string }) {
  const web = useGitHubWebUrl();
  const ref = splitRepository(repository);
  return (
    <span className="inline-flex flex-wrap items-center gap-1">
      <code className="font-mono text-sm">
        {ref ? <GitHubLink href={githubBranchUrl(web, ref, branch)}>{branch}</GitHubLink> : branch}
      </code>
      <CopyButton value={branch} label={`Copy branch name ${branch}`} />
    </span>
  );
}

/** A person's login, linked to their GitHub profile. */
export function PersonLink({ login, className }: { login: string; className?: string }) {
  return (
    <GitHubLink href={githubPersonUrl(useGitHubWebUrl(), login)} className={className}>
      {login}
    </GitHubLink>
  );
}

/** The pull request a task opened: by number when known, else the branch's pull requests. */
export function PullRequestLink({
  repository,
  pull,
  children,
}: {
  repository: string;
  pull: { number: number } | { headRef: string };
  children: ReactNode;
}) {
  const web = useGitHubWebUrl();
  const ref = splitRepository(repository);
  return ref ? <GitHubLink href={githubPullRequestUrl(web, ref, pull)}>{children}</GitHubLink> : children;
}

function splitRepository(fullName: string): RepositoryRef | null {
  const [owner, name, ...rest] = fullName.split("/");
  return owner && name && rest.length === 0 ? { owner, name } : null;
}
