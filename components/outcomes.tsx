import type { PullRequestState } from "@/generated/prisma/enums";
import type { Flag } from "@/lib/outcomes/flags";
import { PULL_STATE_LABELS } from "@/lib/outcomes/labels";

/** Flags where GitHub's state and reality disagree (lib/outcomes/flags.ts), compact or with details. */
export function FlagList({ flags, detailed = false }: { flags: readonly Flag[]; detailed?: boolean }) {
  if (flags.length === 0) return null;
  return (
    <ul className="space-y-1" aria-label="Status flags">
      {flags.map((flag) => (
        <li
          key={flag.kind}
          data-flag={flag.kind}
          className="rounded-md border border-needs-human bg-needs-human-soft px-2 py-0.5 text-xs text-needs-human"
        >
          <strong>{flag.label}</strong>
          {detailed ? <span>: {flag.detail}</span> : null}
        </li>
      ))}
    </ul>
  );
}

/** A pull request as "#12 · Merged", linking to it on GitHub. */
export function PullRequestLink({
  pull,
}: {
  pull: { number: number; state: PullRequestState; htmlUrl: string };
}) {
  return (
    <a href={pull.htmlUrl} className="text-accent underline" target="_blank" rel="noreferrer">
      #{pull.number} · {PULL_STATE_LABELS[pull.state]}
    </a>
  );
}
