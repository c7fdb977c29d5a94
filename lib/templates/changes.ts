/** What changed from one template version to the next, in words (for the version history). */
import { diffArrays } from "diff";
import type { TemplateParameter } from "./parameters";

type VersionLike = {
  body: string;
  parameters: TemplateParameter[];
  defaultModel: string | null;
  defaultCreatePullRequest: boolean;
  defaultBaseRef: string | null;
};

export type DiffLine = { kind: "added" | "removed" | "same"; text: string };

/** The prompt's change line by line (jsdiff's longest common subsequence of lines). */
export function promptDiff(before: string, after: string): DiffLine[] {
  return diffArrays(before.split("\n"), after.split("\n")).flatMap((part) =>
    part.value.map((text): DiffLine => ({
      kind: part.added ? "added" : part.removed ? "removed" : "same",
      text,
    })),
  );
}

/** Lines added and removed. */
export function lineChanges(before: string, after: string): { added: number; removed: number } {
  const lines = promptDiff(before, after);
  return {
    added: lines.filter((line) => line.kind === "added").length,
    removed: lines.filter((line) => line.kind === "removed").length,
  };
}

export function describeChanges(previous: VersionLike, next: VersionLike): string[] {
  const changes: string[] = [];
  if (previous.body !== next.body) {
    const { added, removed } = lineChanges(previous.body, next.body);
    changes.push(`Prompt: ${added} line${added === 1 ? "" : "s"} added, ${removed} removed`);
  }
  const before = new Map(previous.parameters.map((parameter) => [parameter.name, parameter]));
  const after = new Map(next.parameters.map((parameter) => [parameter.name, parameter]));
  for (const name of after.keys()) if (!before.has(name)) changes.push(`Parameter ${name} added`);
  for (const name of before.keys()) if (!after.has(name)) changes.push(`Parameter ${name} removed`);
  for (const [name, parameter] of after) {
    const old = before.get(name);
    if (old && JSON.stringify(old) !== JSON.stringify(parameter)) changes.push(`Parameter ${name} changed`);
  }
  if (previous.defaultModel !== next.defaultModel)
    changes.push(`Model: ${previous.defaultModel ?? "automatic"} → ${next.defaultModel ?? "automatic"}`);
  if (previous.defaultCreatePullRequest !== next.defaultCreatePullRequest)
    changes.push(
      next.defaultCreatePullRequest ? "Opens a pull request by default" : "No pull request by default",
    );
  if (previous.defaultBaseRef !== next.defaultBaseRef)
    changes.push(`Base branch: ${next.defaultBaseRef ?? "the repository's default"}`);
  return changes;
}
