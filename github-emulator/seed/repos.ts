import type { Permission, RepoRecord } from "../core/model";
import { sha1Hex } from "../core/random";
import { copilotSetupSteps, STACK_LANGUAGE, stackFiles, type Stack } from "./stacks";

interface RepoSeed {
  name: string;
  owner?: string;
  stack: Stack;
  description: string;
  defaultBranch?: string;
  visibility?: RepoRecord["visibility"];
  topics?: string[];
  /** Where CODEOWNERS lives, if anywhere. */
  codeowners?: { at: ".github/CODEOWNERS" | "CODEOWNERS" | "docs/CODEOWNERS"; owners: string[] };
  extraBranches?: string[];
  restrictedToTeams?: string[];
  collaborators?: Record<string, Permission>;
  setupSteps?: boolean;
  customAgents?: string[];
  isTemplate?: boolean;
  license?: RepoRecord["license"];
}

/** The seed repositories. Order matters: ids are derived from the position (append only). */
export const REPO_SEEDS: RepoSeed[] = [
  {
    name: "web-storefront",
    stack: "pnpm",
    description: "Customer-facing storefront (Next.js)",
    topics: ["nextjs", "web", "storefront"],
    codeowners: { at: ".github/CODEOWNERS", owners: ["@acme/web", "@bob"] },
    extraBranches: ["release/2026.05", "feature/new-checkout-flow"],
    collaborators: { carol: "write" },
    setupSteps: true,
    customAgents: ["accessibility-reviewer"],
  },
  {
    name: "checkout-api",
    stack: "go",
    description: "Checkout and cart API",
    topics: ["go", "payments", "api"],
    codeowners: { at: ".github/CODEOWNERS", owners: ["@acme/payments"] },
    extraBranches: ["hotfix/idempotency-keys"],
    setupSteps: true,
  },
  {
    name: "payments-ledger",
    stack: "go",
    description: "Double-entry ledger for all money movement",
    defaultBranch: "trunk",
    visibility: "private",
    topics: ["payments", "ledger"],
    codeowners: { at: "CODEOWNERS", owners: ["@acme/payments", "@alice"] },
    restrictedToTeams: ["payments"],
  },
  {
    name: "billing-service",
    stack: "maven",
    description: "Invoices, subscriptions and dunning",
    defaultBranch: "develop",
    topics: ["java", "billing"],
    codeowners: { at: ".github/CODEOWNERS", owners: ["@acme/payments"] },
    extraBranches: ["main"],
  },
  {
    name: "fraud-detector",
    stack: "poetry",
    description: "Real-time fraud scoring",
    topics: ["python", "ml", "payments"],
    codeowners: { at: ".github/CODEOWNERS", owners: ["@acme/data", "@acme/payments"] },
  },
  {
    name: "recommendations",
    stack: "uv",
    description: "Product recommendations service",
    topics: ["python", "ml"],
    codeowners: { at: "CODEOWNERS", owners: ["@dave"] },
    setupSteps: true,
  },
  {
    name: "search-indexer",
    stack: "cargo",
    description: "Builds the product search index",
    topics: ["rust", "search"],
    codeowners: { at: ".github/CODEOWNERS", owners: ["@acme/platform"] },
  },
  {
    name: "inventory-service",
    stack: "gradle",
    description: "Stock levels and reservations",
    topics: ["kotlin", "inventory"],
  },
  {
    name: "notifications",
    stack: "npm",
    description: "Email, SMS and push notifications",
    topics: ["typescript", "messaging"],
    codeowners: { at: ".github/CODEOWNERS", owners: ["@acme/web"] },
    setupSteps: true,
  },
  {
    name: "design-system",
    stack: "pnpm",
    description: "Acme UI components and tokens",
    visibility: "public",
    topics: ["react", "design-system", "ui"],
    codeowners: { at: ".github/CODEOWNERS", owners: ["@acme/web"] },
    collaborators: { carol: "write" },
    license: "mit",
    customAgents: ["accessibility-reviewer", "storybook-writer"],
  },
  {
    name: "docs-site",
    stack: "npm",
    description: "Public developer documentation",
    defaultBranch: "master",
    visibility: "public",
    topics: ["docs"],
    codeowners: { at: "docs/CODEOWNERS", owners: ["@acme/web", "@carol"] },
    collaborators: { carol: "write" },
    license: "apache-2.0",
  },
  {
    name: "mobile-app",
    stack: "yarn",
    description: "React Native shopping app",
    topics: ["react-native", "mobile"],
    codeowners: { at: ".github/CODEOWNERS", owners: ["@acme/mobile"] },
  },
  { name: "ios-app", stack: "swift", description: "Native iOS app", topics: ["ios", "swift", "mobile"] },
  {
    name: "android-app",
    stack: "gradle",
    description: "Native Android app",
    topics: ["android", "kotlin", "mobile"],
    codeowners: { at: ".github/CODEOWNERS", owners: ["@acme/mobile"] },
  },
  {
    name: "data-pipeline",
    stack: "uv",
    description: "Nightly ETL into the warehouse",
    defaultBranch: "develop",
    topics: ["python", "etl", "data"],
    codeowners: { at: ".github/CODEOWNERS", owners: ["@acme/data"] },
    extraBranches: ["main"],
  },
  {
    name: "ml-platform",
    stack: "poetry",
    description: "Feature store and model serving",
    topics: ["python", "ml", "platform"],
    codeowners: { at: "CODEOWNERS", owners: ["@acme/data", "@acme/platform"] },
  },
  {
    name: "infra-terraform",
    stack: "terraform",
    description: "Cloud infrastructure as code",
    defaultBranch: "master",
    visibility: "private",
    topics: ["terraform", "infrastructure"],
    codeowners: { at: ".github/CODEOWNERS", owners: ["@acme/platform"] },
    restrictedToTeams: ["platform"],
  },
  {
    name: "k8s-manifests",
    stack: "shell",
    description: "Kubernetes manifests and Helm charts",
    topics: ["kubernetes", "helm"],
    codeowners: { at: ".github/CODEOWNERS", owners: ["@acme/platform"] },
  },
  {
    name: "acme-cli",
    stack: "go",
    description: "The acme developer CLI",
    visibility: "public",
    topics: ["cli", "go"],
    license: "mit",
    setupSteps: true,
  },
  {
    name: "auth-gateway",
    stack: "go",
    description: "OIDC gateway in front of internal services",
    topics: ["go", "auth", "security"],
    codeowners: { at: ".github/CODEOWNERS", owners: ["@acme/security", "@acme/platform"] },
  },
  {
    name: "user-profile-service",
    stack: "maven",
    description: "Customer profiles and preferences",
    topics: ["java"],
    codeowners: { at: ".github/CODEOWNERS", owners: ["@bob"] },
  },
  {
    name: "legacy-monolith",
    stack: "bundler",
    description: "The original Rails app, slowly being strangled",
    defaultBranch: "master",
    topics: ["rails", "legacy"],
    extraBranches: ["production"],
  },
  {
    name: "admin-portal",
    stack: "pnpm",
    description: "Back-office admin portal",
    topics: ["nextjs", "admin"],
    codeowners: { at: ".github/CODEOWNERS", owners: ["@acme/web", "@alice"] },
    setupSteps: true,
  },
  {
    name: "analytics-dashboard",
    stack: "npm",
    description: "Internal analytics dashboards",
    topics: ["typescript", "analytics"],
    codeowners: { at: "CODEOWNERS", owners: ["@acme/data"] },
  },
  {
    name: "event-bus",
    stack: "cargo",
    description: "Kafka-compatible event bus client and tooling",
    topics: ["rust", "kafka"],
    codeowners: { at: ".github/CODEOWNERS", owners: ["@acme/platform"] },
  },
  {
    name: "feature-flags",
    stack: "go",
    description: "Feature flag service and SDKs",
    topics: ["go", "feature-flags"],
    codeowners: { at: ".github/CODEOWNERS", owners: ["@acme/platform", "@dave"] },
  },
  { name: "email-templates", stack: "npm", description: "MJML email templates", topics: ["email"] },
  {
    name: "pricing-engine",
    stack: "dotnet",
    description: "Promotions and price calculation",
    topics: ["dotnet", "pricing"],
    codeowners: { at: ".github/CODEOWNERS", owners: ["@acme/payments"] },
  },
  {
    name: "shipping-rates",
    stack: "composer",
    description: "Carrier rate shopping",
    defaultBranch: "trunk",
    topics: ["php", "shipping"],
  },
  {
    name: "observability",
    stack: "go",
    description: "OpenTelemetry collectors and dashboards",
    topics: ["observability", "go"],
    codeowners: { at: ".github/CODEOWNERS", owners: ["@acme/platform"] },
  },
  {
    name: "security-scanner",
    stack: "uv",
    description: "Internal dependency and secret scanner",
    visibility: "private",
    topics: ["security", "python"],
    codeowners: { at: ".github/CODEOWNERS", owners: ["@acme/security"] },
    restrictedToTeams: ["security"],
  },
  {
    name: "chat-support-bot",
    stack: "poetry",
    description: "Customer support chat assistant",
    topics: ["python", "llm"],
    codeowners: { at: ".github/CODEOWNERS", owners: ["@acme/web", "@acme/data"] },
  },
  {
    name: "service-template",
    stack: "pnpm",
    description: "Template for new Acme services (TypeScript, CI, CODEOWNERS, Copilot setup)",
    topics: ["template"],
    codeowners: { at: ".github/CODEOWNERS", owners: ["@acme/platform"] },
    setupSteps: true,
    isTemplate: true,
    customAgents: ["service-scaffolder"],
  },
  { name: "dotfiles", owner: "alice", stack: "shell", description: "My dotfiles", visibility: "public" },
  { name: "scratch", owner: "bob", stack: "npm", description: "Experiments", visibility: "private" },
  { name: "toolbox", owner: "mallory", stack: "shell", description: "Handy scripts", visibility: "public" },
];

export const SEED_REPO_ID_BASE = 700_100_000;

export function branchSha(repoFullName: string, branch: string, salt = ""): string {
  return sha1Hex(`${repoFullName}@${branch}${salt}`);
}

function readme(seed: RepoSeed, owner: string): string {
  return `# ${seed.name}\n\n${seed.description}.\n\nOwned by ${owner}. See CONTRIBUTING.md for how to run it locally.\n`;
}

function customAgentFile(id: string): string {
  return `---\nname: ${id}\ndescription: Custom agent "${id}" for Copilot cloud agent\n---\n\nYou are the ${id} agent for this repository.\n`;
}

export function buildSeedRepos(createdBase: number): RepoRecord[] {
  return REPO_SEEDS.map((seed, index) => {
    const owner = seed.owner ?? "acme";
    const fullName = `${owner}/${seed.name}`;
    const defaultBranch = seed.defaultBranch ?? "main";
    const files: Record<string, string> = {
      "README.md": readme(seed, owner),
      ".gitignore": "node_modules/\ndist/\n.env\n",
      ...stackFiles(seed.stack, seed.name, defaultBranch),
    };
    if (seed.codeowners)
      files[seed.codeowners.at] = `# Code owners for ${fullName}\n* ${seed.codeowners.owners.join(" ")}\n`;
    if (seed.setupSteps) files[".github/workflows/copilot-setup-steps.yml"] = copilotSetupSteps(seed.stack);
    for (const agent of seed.customAgents ?? [])
      files[`.github/agents/${agent}.agent.md`] = customAgentFile(agent);
    const branches: Record<string, string> = {};
    for (const branch of [defaultBranch, ...(seed.extraBranches ?? [])])
      branches[branch] = branchSha(fullName, branch);
    const createdAt = createdBase + index * 9 * 86_400_000;
    return {
      id: SEED_REPO_ID_BASE + index,
      owner,
      ownerType: owner === "acme" ? "Organization" : "User",
      name: seed.name,
      description: seed.description,
      homepage: seed.visibility === "public" ? `https://${seed.name}.acme.example` : null,
      visibility: seed.visibility ?? (owner === "acme" ? "internal" : "private"),
      language: STACK_LANGUAGE[seed.stack],
      topics: seed.topics ?? [],
      defaultBranch,
      branches,
      files,
      isTemplate: seed.isTemplate ?? false,
      templateRepoId: null,
      restrictedToTeams: seed.restrictedToTeams ?? null,
      collaborators: seed.collaborators ?? {},
      license: seed.license ?? null,
      stargazers: (index * 7) % 40,
      forks: index % 5,
      openIssues: (index * 3) % 17,
      size: 200 + index * 131,
      archived: false,
      nextNumber: 40 + ((index * 13) % 300),
      createdAt,
      updatedAt: createdAt + 200 * 86_400_000,
      pushedAt: createdAt + 220 * 86_400_000,
    };
  });
}
