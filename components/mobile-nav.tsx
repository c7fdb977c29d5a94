"use client";

import dynamic from "next/dynamic";
import { useState } from "react";
import type { NavItem } from "@/components/nav-links";
import { Button } from "@/components/ui/button";
import { LineIcon } from "@/components/ui/icon";

// The panel (and Headless UI's Dialog) loads when the menu is first wanted, not with every page.
const loadPanel = () => import("./mobile-nav-panel");
const MobileNavPanel = dynamic(() => loadPanel().then((module) => module.MobileNavPanel), { ssr: false });

/**
 * Below `lg` the primary navigation folds into a menu button that opens it in a dialog (focus
 * trapped, Escape and the close button close it, focus returns to the button), so the header stays
 * one row on a phone. Signing out lives there too; the header keeps who is signed in.
 */
export function MobileNav({
  items,
  signOutAction,
}: {
  items: readonly NavItem[];
  signOutAction: (formData: FormData) => Promise<void>;
}) {
  const [open, setOpen] = useState(false);
  // Mounted from the first opening on, so closing gives focus back as the dialog does.
  const [wanted, setWanted] = useState(false);
  return (
    <div className="xl:hidden">
      <Button
        aria-label="Menu"
        aria-expanded={open}
        onPointerEnter={() => void loadPanel()}
        onFocus={() => void loadPanel()}
        onClick={() => {
          setWanted(true);
          setOpen(true);
        }}
        className="px-2"
      >
        <LineIcon>
          <path d="M3 5h14M3 10h14M3 15h14" strokeLinecap="round" />
        </LineIcon>
      </Button>
      {wanted ? (
        <MobileNavPanel
          open={open}
          onClose={() => setOpen(false)}
          items={items}
          signOutAction={signOutAction}
        />
      ) : null}
    </div>
  );
}
