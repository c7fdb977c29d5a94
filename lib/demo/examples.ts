/**
 * Ready-made prompts for demo mode: each carries the GitHub emulator's prompt directives
 * (github-emulator/README.md, "Prompt directives"), so a newcomer can see every outcome on purpose.
 * Client-safe.
 */
export type DemoPromptExample = { id: string; title: string; outcome: string; prompt: string };

export const DEMO_PROMPT_EXAMPLES: readonly DemoPromptExample[] = [
  {
    id: "completed",
    title: "A task that finishes with a pull request",
    outcome: "Runs for about half a minute, pushes a branch and opens a pull request.",
    prompt:
      "Add a health check endpoint that returns the build version. [emulator:outcome=completed] [emulator:run_seconds=30]",
  },
  {
    id: "failed",
    title: "A task that fails its tests",
    outcome: "Fails after its tests keep failing, and lands in the triage inbox.",
    prompt:
      "Upgrade the HTTP client to the next major version. [emulator:outcome=failed] [emulator:failure=tests] [emulator:run_seconds=20]",
  },
  {
    id: "waiting",
    title: "A task that asks you a question",
    outcome: "Stops to ask; answer it on the task's GitHub page and watch it resume.",
    prompt:
      "Add rate limiting to the public API. [emulator:outcome=waiting_for_user] [emulator:question=Should the limit apply per user or per IP address?] [emulator:run_seconds=15]",
  },
  {
    id: "idle",
    title: "A task that stops half-way",
    outcome: "Ends its turn without finishing (idle), so you can try Retry from Switchyard.",
    prompt: "Split the settings page into tabs. [emulator:outcome=idle] [emulator:run_seconds=20]",
  },
];
