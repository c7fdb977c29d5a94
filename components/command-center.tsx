"use client";

import dynamic from "next/dynamic";
import { useCallback, useState } from "react";
import { Button } from "@/components/ui/button";
import { LineIcon } from "@/components/ui/icon";
import { useGlobalShortcuts } from "./keyboard-shortcuts";

/*
 * The palette and the shortcut help (and with them Headless UI's Dialog and Combobox) load when
 * first wanted, or when the pointer or focus reaches the Search button: every page pays for the
 * button and the keys only, on the server and in the browser.
 */
const loadDialogs = () => import("./command-palette");
const CommandPalette = dynamic(() => loadDialogs().then((module) => module.CommandPalette), {
  ssr: false,
});
const ShortcutHelp = dynamic(() => loadDialogs().then((module) => module.ShortcutHelp), { ssr: false });

/** The header's Search button, the palette and the shortcut help, and the keys that open them. */
export function CommandCenter() {
  const [palette, setPalette] = useState(false);
  const [help, setHelp] = useState(false);
  // Each dialog stays mounted once opened, so closing returns focus as a dialog should.
  const [paletteWanted, setPaletteWanted] = useState(false);
  const [helpWanted, setHelpWanted] = useState(false);
  const openPalette = useCallback(() => {
    setPaletteWanted(true);
    setPalette(true);
  }, []);
  const openHelp = useCallback(() => {
    setHelpWanted(true);
    setHelp(true);
  }, []);
  useGlobalShortcuts({ openPalette, openHelp, paused: palette || help });
  return (
    <>
      <Button
        onClick={openPalette}
        onPointerEnter={() => void loadDialogs()}
        onFocus={() => void loadDialogs()}
        aria-keyshortcuts="Control+K Meta+K"
        aria-label="Search and jump (Ctrl+K)"
        className="gap-2 px-2 font-medium text-fg-muted"
      >
        <LineIcon className="size-4">
          <circle cx="9" cy="9" r="5.5" />
          <path d="m13.5 13.5 3.5 3.5" strokeLinecap="round" />
        </LineIcon>
        <span aria-hidden="true" className="hidden 2xl:inline">
          Search
        </span>
        <kbd
          aria-hidden="true"
          className="hidden rounded border border-line px-1 font-sans text-xs 2xl:inline"
        >
          Ctrl K
        </kbd>
      </Button>
      {paletteWanted ? <CommandPalette open={palette} onClose={() => setPalette(false)} /> : null}
      {helpWanted ? <ShortcutHelp open={help} onClose={() => setHelp(false)} /> : null}
    </>
  );
}
