import type { Locator, Page } from "@playwright/test";

/** The launch form (/launch): one task from a prompt or a template, and what it says after a start. */
export class LaunchForm {
  readonly repository: Locator;
  readonly owner: Locator;
  readonly baseBranch: Locator;
  readonly prompt: Locator;
  readonly startButton: Locator;

  constructor(readonly page: Page) {
    this.repository = page.getByRole("combobox", { name: "Repository", exact: true });
    this.owner = page.getByLabel("Owner", { exact: true });
    this.baseBranch = page.getByRole("combobox", { name: /^Base branch/ });
    this.prompt = page.getByLabel("Prompt", { exact: true });
    this.startButton = page.getByRole("button", { name: "Start task" });
  }

  async open() {
    await this.page.goto("/launch");
  }

  /** Fills the owner (acme: the form assumes none), the repository and the prompt, and presses Start task. */
  async start(repository: string, prompt: string) {
    await this.owner.fill("acme");
    await this.repository.fill(repository);
    await this.prompt.fill(prompt);
    await this.startButton.click();
  }

  /** The heading shown once GitHub accepted the start. */
  started(repository: string): Locator {
    return this.page.getByRole("heading", { name: `Task started in acme/${repository}` });
  }
}
