"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Combobox } from "@/components/ui/combobox";
import type { ControlProps } from "@/components/ui/field";
import { useDebounced } from "@/components/ui/hooks";
import { branchesQuery, repositorySearchQuery } from "@/lib/queries/launch";

const FULL_NAME = /^[^/\s]+\/[^/\s]+$/;

/**
 * Repositories the person can push to, searched as they type. Asks only while the list is open and
 * once typing has paused: a field filled and left asks nothing.
 */
function useRepositorySearch(text: string, enabled: boolean) {
  const key = enabled ? text.trim() : null;
  const settled = useDebounced(key);
  return useQuery({
    ...repositorySearchQuery(settled ?? ""),
    enabled: key !== null && settled === key,
    placeholderData: (previous) => previous,
  });
}

/** Branches of owner/name, read while the branch list is open. */
function useBranches(fullName: string | null, enabled: boolean) {
  const key = enabled && fullName && FULL_NAME.test(fullName) ? fullName : null;
  const settled = useDebounced(key);
  return useQuery({ ...branchesQuery(settled ?? ""), enabled: key !== null && settled === key });
}

type PickerProps = ControlProps & {
  value: string;
  onChange: (value: string) => void;
  placeholder?: string;
  disabled?: boolean;
};

/**
 * A repository picker (owner/name). `search` is what is looked up when it differs from what the
 * field shows (the launch form splits owner and name over two fields).
 */
export function RepositoryCombobox({ search, ...props }: PickerProps & { search?: string }) {
  const [open, setOpen] = useState(false);
  const query = useRepositorySearch(search ?? props.value, open);
  const repositories = query.data?.repositories ?? [];
  const total = query.data?.total ?? 0;
  return (
    <Combobox
      placeholder="owner/name"
      {...props}
      onOpenChange={setOpen}
      listLabel="Repository suggestions"
      loading={query.isFetching && repositories.length === 0}
      status={
        query.error
          ? query.error.message
          : query.isSuccess && repositories.length === 0
            ? "No repository you can push to matches."
            : total > repositories.length
              ? `${repositories.length} of ${total} — keep typing`
              : null
      }
      options={repositories.map((repo) => ({
        value: repo.fullName,
        hint: repo.visibility ?? undefined,
      }))}
    />
  );
}

/** Only so many branches are listed; typing narrows them. */
const MAX_BRANCHES = 50;

/** A branch picker listing the branches of `repository` (owner/name), filtered by what is typed. */
export function BranchCombobox({
  repository,
  noRepository = "Choose a repository to see its branches.",
  ...props
}: PickerProps & {
  repository: string | null;
  /** Said when there is no repository to list branches of. */
  noRepository?: string;
}) {
  const [open, setOpen] = useState(false);
  const branches = useBranches(repository, open);
  const text = props.value.trim().toLowerCase();
  const matching = (branches.data?.branches ?? []).filter((branch) => branch.toLowerCase().includes(text));
  const shown = matching.slice(0, MAX_BRANCHES);
  return (
    <Combobox
      {...props}
      onOpenChange={setOpen}
      listLabel="Branch suggestions"
      loading={branches.isFetching && shown.length === 0}
      status={
        !repository
          ? noRepository
          : branches.error
            ? branches.error.message
            : branches.isSuccess && shown.length === 0
              ? "No branch matches."
              : matching.length > shown.length
                ? `${shown.length} of ${matching.length} — keep typing`
                : null
      }
      options={shown.map((branch) => ({ value: branch }))}
    />
  );
}
