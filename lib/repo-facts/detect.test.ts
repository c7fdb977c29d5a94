import { describe, expect, it } from "vitest";
import { detectRepoFacts, makeTargets, manifestsToRead, workflowName, type RootEntry } from "./detect";

const files = (...names: string[]): RootEntry[] =>
  names.map((name) =>
    name.endsWith("/") ? { name: name.slice(0, -1), type: "dir" } : { name, type: "file" },
  );

const pkg = (extra: Record<string, unknown>) =>
  JSON.stringify({
    name: "x",
    scripts: { build: "next build", test: "vitest run", lint: "eslint ." },
    devDependencies: { typescript: "5.9.3" },
    ...extra,
  });

describe("detectRepoFacts", () => {
  it("npm, pnpm, yarn and bun from lockfiles, and the packageManager field first", () => {
    const npm = detectRepoFacts({
      entries: files("package.json", "package-lock.json"),
      files: { "package.json": pkg({}) },
    });
    expect(npm).toMatchObject({
      language: "TypeScript",
      packageManager: "npm",
      testCommand: "npm test",
      buildCommand: "npm run build",
      lintCommand: "npm run lint",
      manifests: ["package.json", "package-lock.json"],
    });
    const pnpm = detectRepoFacts({
      entries: files("package.json", "pnpm-lock.yaml"),
      files: { "package.json": pkg({}) },
    });
    expect(pnpm).toMatchObject({
      packageManager: "pnpm",
      testCommand: "pnpm test",
      buildCommand: "pnpm build",
    });
    const yarn = detectRepoFacts({
      entries: files("package.json", "package-lock.json"),
      files: { "package.json": pkg({ packageManager: "yarn@4.9.2" }) },
    });
    expect(yarn).toMatchObject({
      packageManager: "yarn",
      testCommand: "yarn test",
      lintCommand: "yarn lint",
    });
    const bun = detectRepoFacts({
      entries: files("package.json", "bun.lock"),
      files: { "package.json": pkg({}) },
    });
    expect(bun).toMatchObject({
      packageManager: "bun",
      testCommand: "bun run test",
      buildCommand: "bun run build",
    });
  });

  it("ignores npm's placeholder test script and missing scripts; plain JavaScript", () => {
    const facts = detectRepoFacts({
      entries: files("package.json"),
      files: {
        "package.json": JSON.stringify({ scripts: { test: 'echo "Error: no test specified" && exit 1' } }),
      },
    });
    expect(facts).toMatchObject({
      language: "JavaScript",
      packageManager: "npm",
      testCommand: null,
      buildCommand: null,
    });
  });

  it("Go, Rust, Swift, .NET and Terraform", () => {
    expect(
      detectRepoFacts({ entries: files("go.mod", "go.sum", "main.go", ".golangci.yml"), files: {} }),
    ).toMatchObject({
      language: "Go",
      packageManager: "go",
      testCommand: "go test ./...",
      buildCommand: "go build ./...",
      lintCommand: "golangci-lint run",
    });
    expect(detectRepoFacts({ entries: files("Cargo.toml", "Cargo.lock"), files: {} })).toMatchObject({
      packageManager: "cargo",
      testCommand: "cargo test",
      lintCommand: "cargo clippy -- -D warnings",
    });
    expect(detectRepoFacts({ entries: files("Package.swift", "Sources/"), files: {} })).toMatchObject({
      language: "Swift",
      testCommand: "swift test",
    });
    expect(
      detectRepoFacts({ entries: files("pricing-engine.sln", "global.json", "src/"), files: {} }),
    ).toMatchObject({
      language: "C#",
      packageManager: "dotnet",
      testCommand: "dotnet test",
      manifests: ["global.json", "pricing-engine.sln"],
    });
    expect(
      detectRepoFacts({ entries: files("main.tf", "variables.tf", ".terraform.lock.hcl"), files: {} }),
    ).toMatchObject({
      language: "HCL",
      packageManager: "terraform",
      testCommand: "terraform validate",
      lintCommand: "terraform fmt -check -recursive",
      manifests: ["main.tf", "variables.tf"],
    });
  });

  it("Python: poetry, uv and pip", () => {
    const poetry = `[tool.poetry]\nname = "x"\n\n[tool.poetry.group.dev.dependencies]\npytest = "^8.3"\nruff = "^0.11"\n\n[build-system]\nrequires = ["poetry-core"]\n`;
    expect(
      detectRepoFacts({
        entries: files("pyproject.toml", "poetry.lock"),
        files: { "pyproject.toml": poetry },
      }),
    ).toMatchObject({
      language: "Python",
      packageManager: "poetry",
      testCommand: "poetry run pytest",
      buildCommand: "poetry build",
      lintCommand: "poetry run ruff check .",
    });
    const uv = `[project]\nname = "x"\ndependencies = ["pandas>=2.2"]\n\n[dependency-groups]\ndev = ["pytest>=8.3"]\n`;
    expect(
      detectRepoFacts({ entries: files("pyproject.toml", "uv.lock"), files: { "pyproject.toml": uv } }),
    ).toMatchObject({
      packageManager: "uv",
      testCommand: "uv run pytest",
      buildCommand: "uv build",
      lintCommand: null,
    });
    expect(
      detectRepoFacts({
        entries: files("requirements.txt", "tests/", "app.py"),
        files: { "requirements.txt": "flask==3.1\nflake8\n" },
      }),
    ).toMatchObject({
      packageManager: "pip",
      testCommand: "pytest",
      lintCommand: "flake8",
      buildCommand: null,
    });
  });

  it("Maven, Gradle with and without the wrapper", () => {
    expect(detectRepoFacts({ entries: files("pom.xml", "mvnw", "src/"), files: {} })).toMatchObject({
      language: "Java",
      packageManager: "maven",
      testCommand: "./mvnw -B test",
      buildCommand: "./mvnw -B package",
    });
    expect(
      detectRepoFacts({ entries: files("build.gradle.kts", "settings.gradle.kts", "gradlew"), files: {} }),
    ).toMatchObject({
      language: "Kotlin",
      packageManager: "gradle",
      testCommand: "./gradlew test",
      buildCommand: "./gradlew build",
    });
    expect(detectRepoFacts({ entries: files("build.gradle"), files: {} })).toMatchObject({
      language: "Java",
      testCommand: "gradle test",
    });
  });

  it("Ruby with bundler, PHP with composer", () => {
    const gemfile = `source "https://rubygems.org"\ngem "rails", "~> 8.0"\ngroup :test do\n  gem "rspec-rails"\nend\ngem "rubocop", require: false\n`;
    expect(
      detectRepoFacts({ entries: files("Gemfile", "Gemfile.lock"), files: { Gemfile: gemfile } }),
    ).toMatchObject({
      language: "Ruby",
      packageManager: "bundler",
      testCommand: "bundle exec rspec",
      lintCommand: "bundle exec rubocop",
    });
    const composer = JSON.stringify({
      require: { php: "^8.3" },
      "require-dev": { "phpunit/phpunit": "^11" },
      scripts: { test: "phpunit" },
    });
    expect(
      detectRepoFacts({
        entries: files("composer.json", "composer.lock"),
        files: { "composer.json": composer },
      }),
    ).toMatchObject({
      language: "PHP",
      packageManager: "composer",
      testCommand: "composer test",
    });
    const noScripts = JSON.stringify({
      "require-dev": { "phpunit/phpunit": "^11", "phpstan/phpstan": "^2" },
    });
    expect(
      detectRepoFacts({ entries: files("composer.json"), files: { "composer.json": noScripts } }),
    ).toMatchObject({
      testCommand: "vendor/bin/phpunit",
      lintCommand: "vendor/bin/phpstan analyse",
    });
  });

  it("Makefile targets fill the gaps; GitHub's language picks among several ecosystems", () => {
    const makefile =
      ".PHONY: test lint\nVERSION := 1\ntest lint:\n\t./scripts/check.sh\nbuild: deps\n\t./build.sh\n%.o: %.c\n";
    expect(makeTargets(makefile).sort()).toEqual(["build", "lint", "test"]);
    expect(
      detectRepoFacts({ entries: files("Makefile", "install.sh"), files: { Makefile: makefile } }),
    ).toMatchObject({
      language: null,
      packageManager: "make",
      testCommand: "make test",
      buildCommand: "make build",
      lintCommand: "make lint",
    });
    const mixed = {
      entries: files("go.mod", "package.json", "pnpm-lock.yaml"),
      files: { "package.json": pkg({}) },
    };
    expect(detectRepoFacts(mixed).packageManager).toBe("pnpm");
    expect(detectRepoFacts({ ...mixed, githubLanguage: "Go" }).packageManager).toBe("go");
  });

  it("nothing to detect", () => {
    expect(
      detectRepoFacts({ entries: files("README.md", "install.sh"), files: {}, githubLanguage: "Shell" }),
    ).toEqual({
      language: "Shell",
      packageManager: null,
      testCommand: null,
      buildCommand: null,
      lintCommand: null,
      manifests: [],
    });
  });
});

describe("helpers", () => {
  it("reads only the manifests that exist", () => {
    expect(manifestsToRead(files("package.json", "go.mod", "Makefile", "docs/"))).toEqual([
      "package.json",
      "Makefile",
    ]);
  });
  it("names workflows from their name: line, else their path", () => {
    expect(
      workflowName(".github/workflows/ci.yml", "name: CI\non: push\njobs:\n  build:\n    name: Build\n"),
    ).toBe("CI");
    expect(workflowName("x.yml", 'name: "Copilot Setup Steps" # comment\n')).toBe("Copilot Setup Steps");
    expect(
      workflowName(".github/workflows/deploy.yml", "on: push\njobs:\n  deploy:\n    name: Deploy\n"),
    ).toBe(".github/workflows/deploy.yml");
  });
});
