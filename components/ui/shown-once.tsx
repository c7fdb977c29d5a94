"use client";

import type { ReactNode } from "react";
import { CopyButton } from "./copy-button";
import { Input } from "./input";

/**
 * A secret Switchyard shows only once (a webhook signing secret, an API token): what it is, the value
 * selected on focus, and a copy button. It is never shown again, so the words say so.
 */
export function ShownOnce({
  title,
  label,
  copyLabel,
  value,
  testId,
}: {
  title: ReactNode;
  /** The field's accessible name, e.g. "Signing secret". */
  label: string;
  /** The copy button's accessible name, e.g. "Copy the signing secret". */
  copyLabel: string;
  value: string;
  testId?: string;
}) {
  return (
    <>
      <p className="font-medium">{title}</p>
      <div className="flex items-center gap-2">
        <Input
          readOnly
          value={value}
          aria-label={label}
          onFocus={(event) => event.currentTarget.select()}
          className="font-mono"
          data-testid={testId}
        />
        <CopyButton value={value} label={copyLabel} />
      </div>
    </>
  );
}
