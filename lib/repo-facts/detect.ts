/**
 * What a repository is built with, from its root listing and a few manifest files: language, package
 * manager, and the test / build / lint commands a person (or an agent) would run. Pure.
 */

export type RootEntry = { name: string; type: "file" | "dir" | "symlink" | "submodule" };

export type DetectedFacts = {
  language: string | null;
  packageManager: string | null;
  testCommand: string | null;
  buildCommand: string | null;
  lintCommand: string | null;
  /** Manifest files found at the root, in a stable order. */
  manifests: string[];
};

/** Root files whose contents detection reads (only those present are fetched). */
export const MANIFESTS_TO_READ = [
  "package.json",
  "pyproject.toml",
  "requirements.txt",
  "requirements-dev.txt",
  "composer.json",
  "Gemfile",
  "Makefile",
] as const;

const MANIFEST_FILES = [
  "package.json",
  "package-lock.json",
  "npm-shrinkwrap.json",
  "pnpm-lock.yaml",
  "pnpm-workspace.yaml",
  "yarn.lock",
  "bun.lock",
  "bun.lockb",
  "go.mod",
  "Cargo.toml",
  "pyproject.toml",
  "poetry.lock",
  "uv.lock",
  "requirements.txt",
  "Pipfile",
  "setup.py",
  "pom.xml",
  "build.gradle",
  "build.gradle.kts",
  "settings.gradle",
  "settings.gradle.kts",
  "Gemfile",
  "global.json",
  "composer.json",
  "Package.swift",
  "Makefile",
];

type Ecosystem = {
  language: string;
  packageManager: string;
  test: string | null;
  build: string | null;
  lint: string | null;
};

function parseJson(text: string | null | undefined): Record<string, unknown> | null {
  if (!text) return null;
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === "object" && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

function record(value: unknown): Record<string, unknown> {
  return value && typeof value === "object" && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

/** `make` targets defined in a Makefile (not pattern rules or special targets). */
export function makeTargets(text: string | null | undefined): string[] {
  if (!text) return [];
  const targets = new Set<string>();
  for (const line of text.split(/\r?\n/)) {
    const match = /^([A-Za-z0-9][A-Za-z0-9_.\/-]*(?:\s+[A-Za-z0-9][A-Za-z0-9_.\/-]*)*)\s*:(?!=)/.exec(line);
    if (!match) continue;
    for (const target of match[1]!.split(/\s+/)) if (!target.startsWith(".")) targets.add(target);
  }
  return [...targets];
}

const NPM_DEFAULT_TEST = /no test specified/;

function javascript(has: (name: string) => boolean, pkgText: string | null | undefined): Ecosystem {
  const pkg = parseJson(pkgText) ?? {};
  const declared = typeof pkg.packageManager === "string" ? pkg.packageManager.split("@")[0] : undefined;
  const manager =
    declared && ["npm", "pnpm", "yarn", "bun"].includes(declared)
      ? declared
      : has("pnpm-lock.yaml")
        ? "pnpm"
        : has("yarn.lock")
          ? "yarn"
          : has("bun.lock") || has("bun.lockb")
            ? "bun"
            : "npm";
  const scripts = record(pkg.scripts);
  const script = (name: string) =>
    typeof scripts[name] === "string" && (scripts[name] as string).trim() !== "";
  // `bun test` is bun's own runner, and `npm <name>` only works for a few built-in names.
  const run = (name: string) => {
    if (manager === "npm") return name === "test" ? "npm test" : `npm run ${name}`;
    if (manager === "bun") return `bun run ${name}`;
    return `${manager} ${name}`;
  };
  const deps = { ...record(pkg.dependencies), ...record(pkg.devDependencies) };
  const typescript = has("tsconfig.json") || "typescript" in deps;
  return {
    language: typescript ? "TypeScript" : "JavaScript",
    packageManager: manager,
    test: script("test") && !NPM_DEFAULT_TEST.test(String(scripts.test)) ? run("test") : null,
    build: script("build") ? run("build") : null,
    lint: script("lint") ? run("lint") : null,
  };
}

function python(has: (name: string) => boolean, files: Record<string, string | null | undefined>): Ecosystem {
  const pyproject = files["pyproject.toml"] ?? "";
  const requirements = `${files["requirements.txt"] ?? ""}\n${files["requirements-dev.txt"] ?? ""}`;
  const everything = `${pyproject}\n${requirements}`;
  const manager =
    has("poetry.lock") || /^\[tool\.poetry\]/m.test(pyproject)
      ? "poetry"
      : has("uv.lock") || /^\[tool\.uv\]/m.test(pyproject)
        ? "uv"
        : has("Pipfile")
          ? "pipenv"
          : "pip";
  const prefix = manager === "pip" ? "" : manager === "pipenv" ? "pipenv run " : `${manager} run `;
  const pytest =
    /\bpytest\b/i.test(everything) ||
    has("pytest.ini") ||
    has("tests") ||
    has("conftest.py") ||
    has("tox.ini");
  const ruff = /\bruff\b/i.test(everything) || has("ruff.toml") || has(".ruff.toml");
  const flake8 = /\bflake8\b/i.test(everything) || has(".flake8");
  const buildable =
    has("pyproject.toml") && /^\[build-system\]|^\[tool\.poetry\]|^\[project\]/m.test(pyproject);
  return {
    language: "Python",
    packageManager: manager,
    test: pytest ? `${prefix}pytest` : null,
    build: buildable
      ? manager === "poetry"
        ? "poetry build"
        : manager === "uv"
          ? "uv build"
          : "python -m build"
      : null,
    lint: ruff ? `${prefix}ruff check .` : flake8 ? `${prefix}flake8` : null,
  };
}

function ruby(has: (name: string) => boolean, gemfile: string | null | undefined): Ecosystem {
  const text = gemfile ?? "";
  const rspec = /gem\s+["']rspec/.test(text) || has(".rspec") || has("spec");
  const rails = /gem\s+["']rails["']/.test(text);
  return {
    language: "Ruby",
    packageManager: "bundler",
    test: rspec
      ? "bundle exec rspec"
      : rails
        ? "bin/rails test"
        : has("Rakefile")
          ? "bundle exec rake test"
          : null,
    build: null,
    lint: /gem\s+["']rubocop/.test(text) || has(".rubocop.yml") ? "bundle exec rubocop" : null,
  };
}

function php(composerText: string | null | undefined, has: (name: string) => boolean): Ecosystem {
  const composer = parseJson(composerText) ?? {};
  const scripts = record(composer.scripts);
  const dev = { ...record(composer.require), ...record(composer["require-dev"]) };
  return {
    language: "PHP",
    packageManager: "composer",
    test:
      "test" in scripts
        ? "composer test"
        : "phpunit/phpunit" in dev || has("phpunit.xml") || has("phpunit.xml.dist")
          ? "vendor/bin/phpunit"
          : null,
    build: null,
    lint:
      "lint" in scripts ? "composer lint" : "phpstan/phpstan" in dev ? "vendor/bin/phpstan analyse" : null,
  };
}

/**
 * Detects facts from the root listing and the contents of the root files in MANIFESTS_TO_READ.
 * `githubLanguage` (GitHub's own guess) picks the main ecosystem when there are several.
 */
export function detectRepoFacts(input: {
  entries: RootEntry[];
  files: Record<string, string | null | undefined>;
  githubLanguage?: string | null;
}): DetectedFacts {
  const names = new Set(input.entries.map((entry) => entry.name));
  const has = (name: string) => names.has(name);
  const files = input.files;
  const found: Ecosystem[] = [];

  if (has("package.json")) found.push(javascript(has, files["package.json"]));
  if (has("go.mod"))
    found.push({
      language: "Go",
      packageManager: "go",
      test: "go test ./...",
      build: "go build ./...",
      lint:
        has(".golangci.yml") || has(".golangci.yaml") || has(".golangci.toml")
          ? "golangci-lint run"
          : "go vet ./...",
    });
  if (has("Cargo.toml"))
    found.push({
      language: "Rust",
      packageManager: "cargo",
      test: "cargo test",
      build: "cargo build --release",
      lint: "cargo clippy -- -D warnings",
    });
  if (has("pyproject.toml") || has("requirements.txt") || has("Pipfile") || has("setup.py"))
    found.push(python(has, files));
  if (has("pom.xml")) {
    const mvn = has("mvnw") ? "./mvnw" : "mvn";
    found.push({
      language: "Java",
      packageManager: "maven",
      test: `${mvn} -B test`,
      build: `${mvn} -B package`,
      lint: null,
    });
  }
  if (
    has("build.gradle") ||
    has("build.gradle.kts") ||
    has("settings.gradle") ||
    has("settings.gradle.kts")
  ) {
    const gradle = has("gradlew") ? "./gradlew" : "gradle";
    found.push({
      language: has("build.gradle.kts") || has("settings.gradle.kts") ? "Kotlin" : "Java",
      packageManager: "gradle",
      test: `${gradle} test`,
      build: `${gradle} build`,
      lint: null,
    });
  }
  if (has("Gemfile")) found.push(ruby(has, files.Gemfile));
  const dotnet = [...names].filter((name) => /\.(sln|slnx|csproj|fsproj|vbproj)$/.test(name));
  if (dotnet.length > 0 || has("global.json") || has("Directory.Build.props"))
    found.push({
      language: dotnet.some((name) => name.endsWith(".fsproj")) ? "F#" : "C#",
      packageManager: "dotnet",
      test: "dotnet test",
      build: "dotnet build",
      lint: "dotnet format --verify-no-changes",
    });
  if (has("composer.json")) found.push(php(files["composer.json"], has));
  if (has("Package.swift"))
    found.push({
      language: "Swift",
      packageManager: "swift",
      test: "swift test",
      build: "swift build",
      lint: has(".swiftlint.yml") ? "swiftlint" : null,
    });
  const terraform = input.entries.some((entry) => entry.type === "file" && entry.name.endsWith(".tf"));
  if (terraform)
    found.push({
      language: "HCL",
      packageManager: "terraform",
      test: "terraform validate",
      build: null,
      lint: "terraform fmt -check -recursive",
    });

  const preferred = input.githubLanguage?.toLowerCase();
  const primary = found.find((eco) => eco.language.toLowerCase() === preferred) ?? found[0] ?? null;

  // A Makefile's targets fill what the ecosystem does not say (and are all a plain repository has).
  const targets = new Set(makeTargets(files.Makefile));
  const make = (...candidates: string[]) => {
    const target = candidates.find((name) => targets.has(name));
    return target ? `make ${target}` : null;
  };

  return {
    language: primary?.language ?? input.githubLanguage ?? null,
    packageManager: primary?.packageManager ?? (has("Makefile") ? "make" : null),
    testCommand: primary?.test ?? make("test", "check"),
    buildCommand: primary?.build ?? make("build", "all"),
    lintCommand: primary?.lint ?? make("lint"),
    manifests: [
      ...MANIFEST_FILES.filter(has),
      ...dotnet.sort(),
      ...input.entries
        .filter((entry) => entry.type === "file" && entry.name.endsWith(".tf"))
        .map((entry) => entry.name)
        .sort(),
    ],
  };
}

/** Root files detection wants to read, given the listing. */
export function manifestsToRead(entries: RootEntry[]): string[] {
  const names = new Set(entries.filter((entry) => entry.type === "file").map((entry) => entry.name));
  return MANIFESTS_TO_READ.filter((name) => names.has(name));
}

/** A workflow's display name: its top-level `name:`, else the file name (as GitHub shows it). */
export function workflowName(path: string, text: string | null | undefined): string {
  const match = text ? /^name:[ \t]*(.+?)[ \t]*$/m.exec(text) : null;
  if (match) {
    let name = match[1]!.replace(/\s+#.*$/, "");
    if (/^(["']).*\1$/.test(name)) name = name.slice(1, -1);
    if (name.trim()) return name.trim();
  }
  return path;
}
