/** What changed from one template version to the next, in words (for the version history). */
import type { TemplateParameter } from "./parameters";

type VersionLike = {
  body: string;
  parameters: TemplateParameter[];
  defaultModel: string | null;
  defaultCreatePullRequest: boolean;
  defaultBaseRef: string | null;
};

/** Lines added and removed (longest common subsequence of lines). */
export function lineChanges(before: string, after: string): { added: number; removed: number } {
  const a = before.split("\n");
  const b = after.split("\n");
  // Lines present in both, in order: LCS with a rolling row (bodies are a few hundred lines at most).
  let previous = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    const current = new Array<number>(b.length + 1).fill(0);
    for (let j = 1; j <= b.length; j++)
      current[j] = a[i - 1] === b[j - 1] ? previous[j - 1]! + 1 : Math.max(previous[j]!, current[j - 1]!);
    previous = current;
  }
  const common = previous[b.length]!;
  return { added: b.length - common, removed: a.length - common };
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
