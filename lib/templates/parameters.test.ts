import { describe, expect, it } from "vitest";
import { shownParameterValues, type TemplateParameter } from "./parameters";

const parameters: TemplateParameter[] = [
  { name: "version", label: "Version", type: "text", required: true, default: "22" },
  { name: "tool", label: "Tool", type: "choice", choices: ["npm", "pnpm"], default: "npm" },
  { name: "dryRun", label: "Dry run", type: "boolean", default: true },
  { name: "repo", label: "Repository", type: "repository" },
];

describe("what a parameter form shows", () => {
  it("defaults first", () => {
    expect(shownParameterValues(parameters, {})).toEqual({
      version: "22",
      tool: "npm",
      dryRun: true,
      repo: "",
    });
  });

  it("stored values over defaults", () => {
    expect(
      shownParameterValues(parameters, { stored: { version: "20", dryRun: false, repo: "acme/x" } }),
    ).toEqual({ version: "20", tool: "npm", dryRun: false, repo: "acme/x" });
  });

  it("after a failed submit, exactly what was sent: an unticked box sent nothing and stays unticked", () => {
    const submitted = { "param.version": "", "param.tool": "pnpm", "param.repo": "acme/y", name: "x" };
    expect(shownParameterValues(parameters, { submitted, stored: { dryRun: true, version: "20" } })).toEqual({
      version: "",
      tool: "pnpm",
      dryRun: false,
      repo: "acme/y",
    });
    expect(shownParameterValues(parameters, { submitted: { "param.dryRun": "on" } }).dryRun).toBe(true);
    expect(shownParameterValues(parameters, { submitted: { "param.dryRun": "true" } }).dryRun).toBe(true);
  });
});
