"use client";

import {
  Combobox as HeadlessCombobox,
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
 * A text input with suggestions (Headless UI's WAI-ARIA combobox): typing filters, ↑/↓, Home/End
 * and PageUp/PageDown move (the highlighted option is kept in view), Enter picks, Escape closes.
 * What is typed is the value, so the list only helps. Give it a Field's control props for its
 * label, hint and error; `status` says why the list is empty or that it was cut.
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
      immediate
      disabled={disabled}
    >
      {({ open }) => {
        const said = loading ? "Loading…" : (status ?? "");
        return (
          <div className="relative">
            <OpenState open={open} onOpenChange={onOpenChange} />
            <ComboboxInput
              {...control}
              autoComplete="off"
              placeholder={placeholder}
              className={cn(controlClass, className)}
              displayValue={(current: string | null) => current ?? ""}
              onChange={(event) => onChange(event.target.value)}
            />
            {open && (options.length > 0 || said) ? (
              <div className="absolute z-20 mt-1 w-full overflow-hidden rounded-md border border-line bg-surface text-sm shadow-lg">
                {options.length > 0 ? (
                  <ComboboxOptions static aria-label={listLabel} className="max-h-64 overflow-auto py-1">
                    {options.map((option) => (
                      <ComboboxOption
                        key={option.value}
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

/** Tells the parent when the list opens or closes (Headless UI keeps that state). */
function OpenState({ open, onOpenChange }: { open: boolean; onOpenChange?: (open: boolean) => void }) {
  useEffect(() => {
    onOpenChange?.(open);
  }, [open, onOpenChange]);
  return null;
}
