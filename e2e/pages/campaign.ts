import type { Locator, Page } from "@playwright/test";

/** The campaign form (/campaigns/new, and a draft's "Edit draft"). */
export class CampaignForm {
  readonly name: Locator;
  readonly template: Locator;
  readonly version: Locator;
  readonly targetVersion: Locator;
  readonly notesForAgent: Locator;
  readonly repositories: Locator;
  readonly organisation: Locator;
  readonly namePattern: Locator;
  readonly canarySize: Locator;
  readonly startsPerMinute: Locator;
  readonly maxInFlight: Locator;

  constructor(readonly page: Page) {
    this.name = page.getByLabel("Name", { exact: true });
    this.template = page.getByLabel("Template", { exact: true });
    this.version = page.getByLabel("Version", { exact: true });
    // Parameters of the "Dependency or runtime upgrade" starter.
    this.targetVersion = page.getByLabel(/^Target version/);
    this.notesForAgent = page.getByLabel(/^Anything else the agent should know/);
    this.repositories = page.getByLabel("Repositories", { exact: true });
    this.organisation = page.getByLabel("Organisation", { exact: true });
    this.namePattern = page.getByLabel("Name pattern", { exact: true });
    this.canarySize = page.getByLabel("Canary size");
    this.startsPerMinute = page.getByLabel("Starts per minute");
    this.maxInFlight = page.getByLabel("Max tasks in flight");
  }

  async chooseTemplate(label: string) {
    await this.template.selectOption({ label });
  }

  /** Targets: a list of repositories (owner/name, one per line). */
  async targetList(repositories: string[]) {
    await this.page.getByLabel("A list of repositories").check();
    await this.repositories.fill(repositories.join("\n"));
  }

  /** Targets: an organisation's repositories whose names match a pattern. */
  async targetPattern(organisation: string, pattern: string) {
    await this.page.getByLabel("An organisation's repositories matching a name pattern").check();
    await this.organisation.fill(organisation);
    await this.namePattern.fill(pattern);
  }

  async createDraft() {
    await this.page.getByRole("button", { name: "Create draft" }).click();
  }

  async saveDraft() {
    await this.page.getByRole("button", { name: "Save draft" }).click();
  }
}

/** A campaign's page (/campaigns/[id]): dry run, launch, progress and its controls. */
export class CampaignPage {
  /** The per-repository table of a launched campaign. */
  readonly repositories: Locator;

  constructor(readonly page: Page) {
    this.repositories = page.getByRole("table", { name: /Repositories of this campaign/ });
  }

  heading(name: string): Locator {
    return this.page.getByRole("heading", { name, level: 1 });
  }

  /** The campaign's id, from the page's address. */
  id(): string {
    return new URL(this.page.url()).pathname.split("/").pop()!;
  }

  async runDryRun() {
    await this.page.getByRole("button", { name: "Run dry run" }).click();
  }

  /** The dry run's summary line ("Checked 5 repositories: 5 eligible, 0 excluded"). */
  dryRunSummary(text: RegExp): Locator {
    return this.page.getByText(text).first();
  }

  /** A repository's entry in the dry run. */
  dryRunTarget(fullName: string): Locator {
    return this.page
      .getByRole("listitem")
      .filter({ has: this.page.getByRole("heading", { name: fullName }) });
  }

  /** Opens a repository's rendered prompt in the dry run and returns it. */
  async dryRunPrompt(fullName: string): Promise<Locator> {
    const target = this.dryRunTarget(fullName);
    await target.getByText(`Prompt for ${fullName}`).click();
    return target.locator("pre");
  }

  /** The dry run's results (the "Per repository" region). */
  get dryRunResults(): Locator {
    return this.page.getByRole("region", { name: "Per repository" });
  }

  /** A filter of the dry run's results, e.g. "Excluded" (its button says "Excluded (125)"). */
  dryRunFilter(label: string): Locator {
    return this.dryRunResults.getByRole("button", { name: new RegExp(`^${label} \\(\\d+\\)$`) });
  }

  /** The count a filter's button states. */
  async dryRunCount(label: string): Promise<number> {
    const text = (await this.dryRunFilter(label).textContent()) ?? "";
    return Number(/\((\d+)\)/.exec(text)?.[1] ?? Number.NaN);
  }

  /** The repositories' cards on screen, by their headings. */
  get dryRunCards(): Locator {
    return this.dryRunResults.getByRole("heading", { level: 3 });
  }

  /** Launch states the count and asks again. */
  async launch(count: number) {
    await this.button(`Launch ${count} tasks`).click();
    await this.button(`Yes, launch ${count} tasks`).click();
  }

  button(name: string | RegExp): Locator {
    return this.page.getByRole("button", { name });
  }

  async pause() {
    await this.button("Pause").click();
  }

  async resume() {
    await this.button("Resume").click();
  }
}
