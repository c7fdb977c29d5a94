import type { Metadata, Viewport } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { NavLinks } from "@/components/nav-links";
import { NotificationBell } from "@/components/notification-bell";
import { Providers } from "@/components/providers";
import { UserMenu } from "@/components/user-menu";
import { currentUser } from "@/lib/auth/session";
import { markNotificationsReadAction, signOutAction } from "./(portal)/actions";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Switchyard", template: "%s · Switchyard" },
  description: "Internal developer portal for GitHub Copilot cloud agent tasks.",
};

export const viewport: Viewport = {
  colorScheme: "light dark",
};

const PRIMARY_NAV = [
  { href: "/", label: "Dashboard" },
  { href: "/tasks", label: "Tasks" },
  { href: "/triage", label: "Triage" },
  { href: "/launch", label: "Launch" },
  { href: "/templates", label: "Templates" },
  { href: "/campaigns", label: "Campaigns" },
  { href: "/schedules", label: "Schedules" },
  { href: "/costs", label: "Costs" },
  { href: "/settings", label: "Settings" },
];

export default async function RootLayout({ children }: { children: ReactNode }) {
  const user = await currentUser();
  return (
    <html lang="en">
      <body className="min-h-screen antialiased">
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:fixed focus:top-2 focus:left-2 focus:z-50 focus:rounded-md focus:bg-accent focus:px-4 focus:py-2 focus:text-on-accent"
        >
          Skip to content
        </a>
        <Providers>
          <header className="border-b border-line bg-surface">
            <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3">
              <Link href="/" className="text-lg font-bold tracking-tight text-fg">
                Switchyard
              </Link>
              {user ? (
                <NavLinks label="Primary" items={PRIMARY_NAV} className="flex-1" />
              ) : (
                <div className="flex-1" />
              )}
              {user ? <NotificationBell markReadAction={markNotificationsReadAction} /> : null}
              <UserMenu user={user} signOutAction={signOutAction} />
            </div>
          </header>
          <main id="main" tabIndex={-1} className="mx-auto max-w-6xl px-4 py-8 focus:outline-none">
            {children}
          </main>
        </Providers>
      </body>
    </html>
  );
}
