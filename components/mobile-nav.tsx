"use client";

import { CloseButton, Dialog, DialogPanel, DialogTitle } from "@headlessui/react";
import { useState } from "react";
import { NavLinks, type NavItem } from "@/components/nav-links";
import { Button } from "@/components/ui/button";

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
  return (
    <div className="lg:hidden">
      <Button aria-label="Menu" aria-expanded={open} onClick={() => setOpen(true)} className="px-2">
        <svg
          aria-hidden="true"
          viewBox="0 0 20 20"
          className="size-5"
          fill="none"
          stroke="currentColor"
          strokeWidth="2"
        >
          <path d="M3 5h14M3 10h14M3 15h14" strokeLinecap="round" />
        </svg>
      </Button>
      <Dialog open={open} onClose={() => setOpen(false)} className="fixed inset-0 z-50 lg:hidden">
        <div className="fixed inset-0 bg-black/40" aria-hidden="true" />
        <div className="fixed inset-y-0 right-0 z-10 flex w-full max-w-xs">
          <DialogPanel className="flex w-full flex-col gap-4 overflow-y-auto border-l border-line bg-surface p-4 shadow-xl">
            <div className="flex items-center justify-between">
              <DialogTitle className="text-lg font-bold text-fg">Switchyard</DialogTitle>
              <CloseButton as={Button} aria-label="Close menu" className="px-2">
                <svg
                  aria-hidden="true"
                  viewBox="0 0 20 20"
                  className="size-5"
                  fill="none"
                  stroke="currentColor"
                  strokeWidth="2"
                >
                  <path d="M5 5l10 10M15 5 5 15" strokeLinecap="round" />
                </svg>
              </CloseButton>
            </div>
            <NavLinks label="Primary" items={items} variant="menu" onNavigate={() => setOpen(false)} />
            <form action={signOutAction} className="mt-auto border-t border-line pt-4">
              <Button type="submit" className="w-full font-medium">
                Sign out
              </Button>
            </form>
          </DialogPanel>
        </div>
      </Dialog>
    </div>
  );
}
