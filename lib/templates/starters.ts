/**
 * Starter templates shipped with Switchyard. Each is created once as version 1 (found by slug);
 * later edits are new versions made by people, which this never overwrites.
 */
import type { PrismaClient } from "@/generated/prisma/client";
import type { TemplateParameter } from "./parameters";

export type StarterTemplate = {
  slug: string;
  name: string;
  description: string;
  category: "new_repository" | "upgrade" | "ci" | "docs" | "release";
  body: string;
  parameters: TemplateParameter[];
  defaultCreatePullRequest: boolean;
  defaultModel: string | null;
};

const NEW_REPOSITORY_SETUP = `Set up {{repo.fullName}} as a new {{params.stack}} service owned by {{params.team}}.

{{#params.purpose}}
What it is for: {{params.purpose}}
{{/params.purpose}}

Work on a branch from \`{{baseRef}}\` and open one pull request with all of the following.

1. README.md: what the service does, who owns it ({{params.team}}), how to run it locally, how to run the tests and how to deploy it. Keep it short and accurate: only document commands that exist.
2. CI: a GitHub Actions workflow at \`.github/workflows/ci.yml\` that runs on pull requests and on pushes to \`{{repo.defaultBranch}}\`: install dependencies with the lockfile, build, lint and test.
{{#facts.workflows}}
   The repository already has these workflows: {{facts.workflows}}. Extend them rather than adding a duplicate.
{{/facts.workflows}}
{{#facts.testCommand}}
   Use \`{{facts.testCommand}}\` for the tests{{#facts.buildCommand}} and \`{{facts.buildCommand}}\` for the build{{/facts.buildCommand}}{{#facts.lintCommand}}, \`{{facts.lintCommand}}\` for linting{{/facts.lintCommand}}.
{{/facts.testCommand}}
{{^facts.testCommand}}
   No test command exists yet: add a minimal test setup that is idiomatic for {{params.stack}} and one passing smoke test, and use it in CI.
{{/facts.testCommand}}
3. CODEOWNERS at \`.github/CODEOWNERS\` with \`* {{params.team}}\` as the rule for the whole repository.
{{#facts.codeowners}}
   A CODEOWNERS file already exists at \`{{facts.codeownersPath}}\` naming {{facts.codeowners}}; update it instead of adding a second one.
{{/facts.codeowners}}
4. Copilot setup steps: \`.github/workflows/copilot-setup-steps.yml\` with a single job named \`copilot-setup-steps\` (on: workflow_dispatch, permissions: contents: read) that checks out the code and installs the toolchain and dependencies{{#facts.packageManager}} with {{facts.packageManager}}{{/facts.packageManager}}, so that later agent tasks can build and test.
{{#params.includeDependabot}}
5. Dependabot: \`.github/dependabot.yml\` with weekly updates for the {{params.stack}} ecosystem and for GitHub Actions, grouped into one pull request per ecosystem.
{{/params.includeDependabot}}

Do not change application code beyond what the setup needs. In the pull request description, list each file you added and anything a person still has to do by hand (secrets, environments, branch protection).`;

const DEPENDENCY_UPGRADE = `Upgrade {{params.dependency}} to {{params.targetVersion}} in {{repo.fullName}}.

{{#facts.manifests}}
Manifests at the root: {{facts.manifests}}.
{{/facts.manifests}}
{{#facts.packageManager}}
The repository uses {{facts.packageManager}}: change the version where it is declared and regenerate the lockfile with {{facts.packageManager}}, not by hand.
{{/facts.packageManager}}

1. Find every place that pins {{params.dependency}}: manifests and lockfiles, version files (.nvmrc, .node-version, .tool-versions, .python-version, go.mod's go line, rust-toolchain…), Dockerfiles, and GitHub Actions setup steps{{#facts.workflows}} (workflows here: {{facts.workflows}}){{/facts.workflows}}.
2. Move each of them to {{params.targetVersion}}. Keep the existing style (exact pin versus range).
3. Read the upgrade notes for {{params.targetVersion}} and fix what they say breaks: deprecated or removed APIs, changed defaults, configuration that moved.
{{#facts.buildCommand}}
4. Build with \`{{facts.buildCommand}}\`.
{{/facts.buildCommand}}
{{#facts.testCommand}}
5. Run \`{{facts.testCommand}}\` and fix every failure the upgrade causes. Do not skip or delete tests to make them pass.
{{/facts.testCommand}}
{{^facts.testCommand}}
5. No test command was found in this repository: build it and exercise its entry points to show the upgrade works, and say in the pull request that there are no automated tests.
{{/facts.testCommand}}
{{#facts.lintCommand}}
6. Run \`{{facts.lintCommand}}\` and fix new findings.
{{/facts.lintCommand}}

{{#params.notes}}
Also: {{params.notes}}
{{/params.notes}}

Keep the change to the upgrade: no unrelated refactoring or other dependency bumps unless the upgrade needs them. In the pull request description, list what changed and why, and any breaking change a reviewer should look at{{#facts.codeowners}} (reviewers: {{facts.codeowners}}){{/facts.codeowners}}.`;

const ADD_OR_FIX_CI = `Make continuous integration for {{repo.fullName}} reliable.

{{#facts.workflows}}
Existing workflows: {{facts.workflows}}. Start by finding out why they fail or are flaky on \`{{baseRef}}\` (read the workflow files and recent failures) and fix the cause rather than retrying or skipping steps.
{{/facts.workflows}}
{{^facts.workflows}}
The repository has no GitHub Actions workflows yet. Add \`.github/workflows/ci.yml\`.
{{/facts.workflows}}

The CI workflow must:
- run on pull requests and on pushes to \`{{repo.defaultBranch}}\`;
- set up {{#facts.language}}{{facts.language}}{{/facts.language}}{{^facts.language}}the toolchain{{/facts.language}} at the version the repository declares{{#facts.packageManager}}, install dependencies with {{facts.packageManager}} from the lockfile and cache them{{/facts.packageManager}};
{{#facts.buildCommand}}
- build with \`{{facts.buildCommand}}\`;
{{/facts.buildCommand}}
{{#facts.lintCommand}}
- lint with \`{{facts.lintCommand}}\`;
{{/facts.lintCommand}}
{{#facts.testCommand}}
- test with \`{{facts.testCommand}}\`;
{{/facts.testCommand}}
{{^facts.testCommand}}
- run the tests: no test command was found, so add the idiomatic one for this stack and say so in the pull request;
{{/facts.testCommand}}
- use \`permissions: contents: read\`, pinned major versions of actions, and a \`concurrency\` group that cancels superseded runs of the same branch;
- finish in under {{params.maxMinutes}} minutes.

{{#params.matrix}}
Test against every supported runtime version in a matrix (read the supported versions from the manifests).
{{/params.matrix}}

Do not weaken checks to get a green build. In the pull request description, explain what was wrong (or missing) and how you verified the workflow.`;

const DOCS_SYNC = `Bring the documentation of {{repo.fullName}} in line with the code on \`{{baseRef}}\`.

Scope: {{params.scope}}.

1. Read the code first, then the docs ({{params.docsPath}}, the README and any docs next to the code). List every statement that no longer matches the code: commands, configuration options, environment variables, API endpoints, examples, file paths.
2. Fix each one in the docs. Where the code is clearly wrong and the docs right, do not change the code: list it in the pull request instead.
{{#facts.testCommand}}
3. Make sure the commands the docs give for development are the real ones (tests: \`{{facts.testCommand}}\`{{#facts.buildCommand}}, build: \`{{facts.buildCommand}}\`{{/facts.buildCommand}}{{#facts.lintCommand}}, lint: \`{{facts.lintCommand}}\`{{/facts.lintCommand}}).
{{/facts.testCommand}}
{{^facts.testCommand}}
3. No test command was found: if the docs describe one, check whether it works and correct it.
{{/facts.testCommand}}
4. Check every code example compiles or runs as written, and every relative link points to a file that exists.

Keep the existing tone and structure; do not rewrite sections that are correct. {{#facts.codeowners}}Mention {{facts.codeowners}} in the pull request description as reviewers.{{/facts.codeowners}}`;

const WEEKLY_RELEASE_PREP = `Prepare the {{params.releaseName}} release of {{repo.fullName}} from \`{{baseRef}}\`.

1. Collect what changed since the last release tag (or, without tags, in the last {{params.sinceDays}} days): merged pull requests and direct commits on \`{{baseRef}}\`.
2. Write the release notes in \`{{params.notesFile}}\`: a new section at the top for {{params.releaseName}} with today's date, grouped as Breaking changes, Features, Fixes, and Maintenance. One line per change, in plain language for the people who use this service, with the pull request number. Leave out changes that only touch CI or tests unless they matter to users.
{{#params.bumpVersion}}
3. Bump the version in the manifests{{#facts.manifests}} ({{facts.manifests}}){{/facts.manifests}} following semantic versioning: major for breaking changes, minor for features, patch otherwise.
{{/params.bumpVersion}}
{{#facts.testCommand}}
4. Run \`{{facts.testCommand}}\`{{#facts.buildCommand}} and \`{{facts.buildCommand}}\`{{/facts.buildCommand}}; if anything fails, do not hide it: list it at the top of the pull request description as a release blocker.
{{/facts.testCommand}}
{{^facts.testCommand}}
4. No test command was found: say in the pull request description that this release has no automated test run.
{{/facts.testCommand}}

Do not create tags or GitHub releases: a person does that after review{{#facts.codeowners}} by {{facts.codeowners}}{{/facts.codeowners}}.`;

export const STARTER_TEMPLATES: StarterTemplate[] = [
  {
    slug: "new-repository-setup",
    name: "New repository setup",
    description:
      "README, CI, CODEOWNERS and Copilot setup steps for a newly created repository, for its owning team and stack.",
    category: "new_repository",
    body: NEW_REPOSITORY_SETUP,
    parameters: [
      {
        name: "team",
        label: "Owning team",
        type: "text",
        required: true,
        help: "As CODEOWNERS names it, e.g. @acme/payments",
      },
      {
        name: "stack",
        label: "Stack",
        type: "choice",
        required: true,
        default: "TypeScript (Node.js)",
        choices: ["TypeScript (Node.js)", "Go", "Python", "Java", "Kotlin", "Rust", "Ruby", "C# (.NET)"],
      },
      { name: "purpose", label: "What the service is for", type: "text", multiline: true },
      { name: "includeDependabot", label: "Add Dependabot configuration", type: "boolean", default: true },
    ],
    defaultCreatePullRequest: true,
    defaultModel: null,
  },
  {
    slug: "dependency-upgrade",
    name: "Dependency or runtime upgrade",
    description:
      "Move a dependency or runtime (Node.js, Go, Python, Java…) to a target version everywhere it is pinned.",
    category: "upgrade",
    body: DEPENDENCY_UPGRADE,
    parameters: [
      {
        name: "dependency",
        label: "Dependency or runtime",
        type: "text",
        required: true,
        default: "Node.js",
      },
      {
        name: "targetVersion",
        label: "Target version",
        type: "text",
        required: true,
        help: "e.g. 22, 1.24, 3.13",
      },
      { name: "notes", label: "Anything else the agent should know", type: "text", multiline: true },
    ],
    defaultCreatePullRequest: true,
    defaultModel: null,
  },
  {
    slug: "add-or-fix-ci",
    name: "Add or fix CI",
    description: "Add a CI workflow where there is none, or make an existing one pass reliably.",
    category: "ci",
    body: ADD_OR_FIX_CI,
    parameters: [
      {
        name: "maxMinutes",
        label: "Time budget (minutes)",
        type: "choice",
        default: "10",
        choices: ["5", "10", "15", "30"],
      },
      { name: "matrix", label: "Test every supported runtime version", type: "boolean", default: false },
    ],
    defaultCreatePullRequest: true,
    defaultModel: null,
  },
  {
    slug: "docs-sync",
    name: "Documentation sync",
    description: "Find and fix documentation that no longer matches the code.",
    category: "docs",
    body: DOCS_SYNC,
    parameters: [
      { name: "docsPath", label: "Where the docs are", type: "text", default: "docs/" },
      {
        name: "scope",
        label: "Scope",
        type: "text",
        default: "the whole repository",
        help: "e.g. the public API, or the setup guide",
      },
    ],
    defaultCreatePullRequest: true,
    defaultModel: null,
  },
  {
    slug: "weekly-release-prep",
    name: "Weekly release preparation",
    description:
      "Release notes from what was merged since the last release, and a version bump, ready for review.",
    category: "release",
    body: WEEKLY_RELEASE_PREP,
    parameters: [
      {
        name: "releaseName",
        label: "Release name",
        type: "text",
        required: true,
        help: "e.g. 2026.48 or v1.8.0",
      },
      { name: "notesFile", label: "Release notes file", type: "text", default: "CHANGELOG.md" },
      {
        name: "sinceDays",
        label: "Days to look back without tags",
        type: "choice",
        default: "7",
        choices: ["7", "14", "28"],
      },
      { name: "bumpVersion", label: "Bump the version", type: "boolean", default: true },
    ],
    defaultCreatePullRequest: true,
    defaultModel: null,
  },
];

/** Creates the starter templates that do not exist yet (as version 1). Idempotent and race-safe. */
export async function ensureStarterTemplates(db: PrismaClient): Promise<void> {
  const existing = await db.template.findMany({
    where: { slug: { in: STARTER_TEMPLATES.map((starter) => starter.slug) } },
    select: { slug: true },
  });
  const have = new Set(existing.map((row) => row.slug));
  for (const starter of STARTER_TEMPLATES) {
    if (have.has(starter.slug)) continue;
    try {
      await db.template.create({
        data: {
          slug: starter.slug,
          name: starter.name,
          description: starter.description,
          category: starter.category,
          origin: "starter",
          versions: {
            create: {
              version: 1,
              body: starter.body,
              parameters: starter.parameters,
              defaultModel: starter.defaultModel,
              defaultCreatePullRequest: starter.defaultCreatePullRequest,
              changeNote: "Shipped with Switchyard",
              createdByLogin: "switchyard",
            },
          },
        },
      });
    } catch (error) {
      // Another process created it at the same moment (unique slug): that is the goal.
      if ((error as { code?: string }).code !== "P2002") throw error;
    }
  }
}
