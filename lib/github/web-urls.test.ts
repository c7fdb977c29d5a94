import { describe, expect, it } from "vitest";
import {
  githubBranchUrl,
  githubPersonUrl,
  githubPullRequestUrl,
  githubRepositoryUrl,
  parseGitHubUrl,
} from "./web-urls";

const WEB = "https://github.com";
const repo = { owner: "octo", name: "hello world" };

describe("GitHub web URLs", () => {
  it("builds links with every segment encoded", () => {
    expect(githubPersonUrl(WEB, "mona")).toBe("https://github.com/mona");
    expect(githubRepositoryUrl(`${WEB}/`, repo)).toBe("https://github.com/octo/hello%20world");
    expect(githubBranchUrl(WEB, repo, "copilot/fix #1")).toBe(
      "https://github.com/octo/hello%20world/tree/copilot/fix%20%231",
    );
    expect(githubPullRequestUrl(WEB, repo, { number: 7 })).toBe(
      "https://github.com/octo/hello%20world/pull/7",
    );
    expect(githubPullRequestUrl(WEB, repo, { headRef: "copilot/x" })).toBe(
      "https://github.com/octo/hello%20world/pulls?q=is%3Apr%20head%3Acopilot%2Fx",
    );
  });

  it("reads what a pasted URL names, on the configured host only", () => {
    const emu = "http://127.0.0.1:4010";
    expect(parseGitHubUrl(emu, "  http://127.0.0.1:4010/acme/api/copilot/tasks/abc-1?x=1 ")).toEqual({
      kind: "task",
      repository: { owner: "acme", name: "api" },
      taskId: "abc-1",
    });
    expect(parseGitHubUrl(WEB, "https://github.com/acme/api/agents/tasks/t9")).toMatchObject({
      taskId: "t9",
    });
    expect(parseGitHubUrl(WEB, "https://github.com/acme/api/pull/12/files")).toEqual({
      kind: "pull",
      repository: { owner: "acme", name: "api" },
      number: 12,
    });
    expect(parseGitHubUrl(WEB, "https://github.com/acme/api/tree/feature/a")).toMatchObject({
      kind: "branch",
      branch: "feature/a",
    });
    expect(parseGitHubUrl(WEB, "https://github.com/acme/api.git")).toEqual({
      kind: "repository",
      repository: { owner: "acme", name: "api" },
    });
    expect(parseGitHubUrl(WEB, "https://github.com/acme/api/issues")).toMatchObject({ kind: "repository" });
    expect(parseGitHubUrl(WEB, "https://github.com/mona")).toEqual({ kind: "person", login: "mona" });
    // Another host, GitHub's own pages, and what is not a URL name nothing.
    expect(parseGitHubUrl(WEB, "https://evil.example/acme/api")).toBeNull();
    expect(parseGitHubUrl(WEB, "https://github.com/settings/profile")).toBeNull();
    expect(parseGitHubUrl(WEB, "https://github.com/")).toBeNull();
    expect(parseGitHubUrl(WEB, "acme/api")).toBeNull();
    expect(parseGitHubUrl(WEB, "https://github.com/a/%E0%A4%A")).toBeNull();
  });

  it("keeps a GHE path prefix", () => {
    const ghe = "https://ghe.example/github";
    expect(githubRepositoryUrl(ghe, repo)).toBe("https://ghe.example/github/octo/hello%20world");
    expect(parseGitHubUrl(ghe, "https://ghe.example/github/acme/api")).toMatchObject({ kind: "repository" });
    expect(parseGitHubUrl(ghe, "https://ghe.example/acme/api")).toBeNull();
  });
});
