"use client";

import { useQuery } from "@tanstack/react-query";
import { useDebounced } from "@/components/ui/hooks";
import { targetMatchesQuery } from "@/lib/queries/schedules";

const repositories = (n: number) => `${n} ${n === 1 ? "repository" : "repositories"}`;

/** How many repositories the target fields match now (Switchyard's copy); each run reads GitHub again. */
export function TargetMatchCount({ fields }: { fields: Record<string, string> }) {
  const debounced = useDebounced(fields, 400);
  const started = Object.values(debounced).some(Boolean);
  const { data, isError } = useQuery({ ...targetMatchesQuery(debounced), enabled: started });
  let text = "Choose repositories to see how many match.";
  if (isError) text = "Could not count the matches just now; the dry run of each run checks them.";
  else if (data && data.problem !== null) text = data.problem;
  else if (data)
    text =
      debounced.targetKind === "list"
        ? `${repositories(data.matches)} listed; you can see ${data.visible} of them in Switchyard.`
        : `Matches ${repositories(data.matches)} you can see now.`;
  return (
    <p className="text-sm" aria-live="polite" data-testid="target-match-count">
      {text} <span className="text-fg-muted">Each run&apos;s dry run checks them on GitHub again.</span>
    </p>
  );
}
