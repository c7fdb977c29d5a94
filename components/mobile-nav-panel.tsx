"use client";

import { CloseButton, Dialog, DialogPanel, DialogTitle } from "@headlessui/react";
import { NavLinks, type NavItem } from "@/components/nav-links";
import { Button } from "@/components/ui/button";
import { LineIcon } from "@/components/ui/icon";

/** The phone menu's dialog (components/mobile-nav.tsx loads it on first use). */
export function MobileNavPanel({
  open,
  onClose,
  items,
  signOutAction,
}: {
  open: boolean;
  onClose: () => void;
  items: readonly NavItem[];
  signOutAction: (formData: FormData) => Promise<void>;
}) {
  return (
    <Dialog open={open} onClose={onClose} className="fixed inset-0 z-50 xl:hidden">
      <div className="fixed inset-0 bg-black/40" aria-hidden="true" />
      <div className="fixed inset-y-0 right-0 z-10 flex w-full max-w-xs">
        <DialogPanel className="flex w-full flex-col gap-4 overflow-y-auto border-l border-line bg-surface p-4 shadow-xl">
          <div className="flex items-center justify-between">
            <DialogTitle className="text-lg font-bold text-fg">Switchyard</DialogTitle>
            <CloseButton as={Button} aria-label="Close menu" className="px-2">
              <LineIcon>
                <path d="M5 5l10 10M15 5 5 15" strokeLinecap="round" />
              </LineIcon>
            </CloseButton>
          </div>
          <NavLinks label="Primary" items={items} variant="menu" onNavigate={onClose} />
          <form action={signOutAction} className="mt-auto border-t border-line pt-4">
            <Button type="submit" className="w-full font-medium">
              Sign out
            </Button>
          </form>
        </DialogPanel>
      </div>
    </Dialog>
  );
}
