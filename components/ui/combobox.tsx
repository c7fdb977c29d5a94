"use client";

import {
  Combobox as HeadlessCombobox,
  ComboboxButton,
  ComboboxInput,
  ComboboxOption,
  ComboboxOptions,
} from "@headlessui/react";
import { useEffect } from "react";
import { cn } from "./cn";
import type { ControlProps } from "./field";
import { controlClass } from "./input";

export type ComboboxOption = { value: string; label?: string; hint?: string };

/**
 * A text input with suggestions (Headless UI's WAI-ARIA combobox): typing or ↓ opens the list,
 * ↑/↓, Home/End and PageUp/PageDown move (the highlighted option is kept in view), Enter picks,
 * Escape closes; the button opens it with a pointer. What is typed is the value and the list only
 * helps: the first option is always what was typed (or the option equal to it), so Enter after
 * typing never swaps the text for a suggestion. Closed on focus, so Enter in a field left as it is
 * submits the form. Give it a Field's control props for its label, hint and error; `status` says
 * why the list is empty or that it was cut.
 */
export function Combobox({
  value,
  onChange,
  onPick,
  onOpenChange,
  options,
  loading,
  status,
  listLabel,
  placeholder,
  disabled,
  className,
  ...control
}: ControlProps & {
  value: string;
  onChange: (value: string) => void;
  /** An option was chosen from the list (not typed). */
  onPick?: (value: string) => void;
  /** Suggestions are fetched only while the list is open. */
  onOpenChange?: (open: boolean) => void;
  options: ComboboxOption[];
  loading?: boolean;
  status?: string | null;
  /** The list's accessible name ("Repository suggestions"). */
  listLabel?: string;
  placeholder?: string;
  disabled?: boolean;
  className?: string;
}) {
  return (
    <HeadlessCombobox
      value={value}
      onChange={(picked: string | null) => {
        if (picked === null) return;
        onChange(picked);
        onPick?.(picked);
      }}
      disabled={disabled}
    >
      {({ open }) => {
        const said = loading ? "Loading…" : (status ?? "");
        const typed = value.trim();
        const exact = options.find((option) => option.value === typed);
        const listed: (ComboboxOption & { asTyped?: boolean })[] = exact
          ? [exact, ...options.filter((option) => option !== exact)]
          : typed
            ? [{ value, label: `“${value}”`, hint: "as typed", asTyped: true }, ...options]
            : options;
        return (
          <div className="relative">
            <OpenState open={open} onOpenChange={onOpenChange} />
            <ComboboxInput
              {...control}
              autoComplete="off"
              placeholder={placeholder}
              className={cn(controlClass, "pr-9", className)}
              displayValue={(current: string | null) => current ?? ""}
              onChange={(event) => onChange(event.target.value)}
            />
            <ComboboxButton
              aria-label={listLabel ? `Show ${lowerFirst(listLabel)}` : "Show suggestions"}
              className="absolute inset-y-0 right-0 flex w-8 items-center justify-center rounded-r-md text-fg-muted hover:text-fg disabled:opacity-60"
            >
              <svg viewBox="0 0 20 20" width="16" height="16" fill="currentColor" aria-hidden="true">
                <path d="M5.3 7.3a1 1 0 0 1 1.4 0L10 10.6l3.3-3.3a1 1 0 1 1 1.4 1.4l-4 4a1 1 0 0 1-1.4 0l-4-4a1 1 0 0 1 0-1.4Z" />
              </svg>
            </ComboboxButton>
            {open && (listed.length > 0 || said) ? (
              <div className="absolute z-20 mt-1 w-full overflow-hidden rounded-md border border-line bg-surface text-sm shadow-lg">
                {listed.length > 0 ? (
                  // Not modal: the rest of the form stays usable (no inert page, no scroll lock).
                  <ComboboxOptions
                    static
                    modal={false}
                    aria-label={listLabel}
                    className="max-h-64 overflow-auto py-1"
                  >
                    {listed.map((option) => (
                      <ComboboxOption
                        key={option.asTyped ? "\u0000typed" : option.value}
                        value={option.value}
                        className="group cursor-pointer px-3 py-1.5 text-fg data-focus:bg-accent data-focus:text-on-accent"
                      >
                        {option.label ?? option.value}
                        {option.hint ? (
                          <span className="text-fg-muted group-data-focus:text-on-accent">
                            {" "}
                            · {option.hint}
                          </span>
                        ) : null}
                      </ComboboxOption>
                    ))}
                  </ComboboxOptions>
                ) : null}
                {said ? (
                  // Shown to the eye here; said to screen readers by the live region below.
                  <p
                    aria-hidden="true"
                    className="border-t border-line px-3 py-1.5 text-xs text-fg-muted first:border-t-0"
                  >
                    {said}
                  </p>
                ) : null}
              </div>
            ) : null}
            <span aria-live="polite" className="sr-only">
              {open ? said : ""}
            </span>
          </div>
        );
      }}
    </HeadlessCombobox>
  );
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

/** Tells the parent when the list opens or closes (Headless UI keeps that state). */
function OpenState({ open, onOpenChange }: { open: boolean; onOpenChange?: (open: boolean) => void }) {
  useEffect(() => {
    onOpenChange?.(open);
  }, [open, onOpenChange]);
  return null;
}
