import type { Metadata, Viewport } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { CommandCenter } from "@/components/command-center";
import { GitHubWebUrlProvider } from "@/components/github-links";
import { MobileNav } from "@/components/mobile-nav";
import { NavLinks } from "@/components/nav-links";
import { NotificationBell } from "@/components/notification-bell";
import { Providers } from "@/components/providers";
import { TimeZoneProvider } from "@/components/ui/time";
import { Toaster } from "@/components/ui/toast";
import { UserMenu } from "@/components/user-menu";
import { currentUser } from "@/lib/auth/session";
import { getPreferences } from "@/lib/dal/preferences";
import { getEnv } from "@/lib/env";
import { markNotificationsReadAction, signOutAction } from "./(portal)/actions";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Switchyard", template: "%s · Switchyard" },
  description: "Internal developer portal for GitHub Copilot cloud agent tasks.",
};

export const viewport: Viewport = {
  colorScheme: "light dark",
  themeColor: [
    { media: "(prefers-color-scheme: light)", color: "#ffffff" },
    { media: "(prefers-color-scheme: dark)", color: "#111827" },
  ],
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
  const preferences = user ? await getPreferences(user.id) : null;
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
          <GitHubWebUrlProvider url={getEnv().GITHUB_WEB_URL}>
            <TimeZoneProvider chosen={preferences?.timeZone ?? null}>
              {/* One row at every width: below xl the primary navigation folds into the menu. */}
              <header className="border-b border-line bg-surface">
                <div className="mx-auto flex max-w-7xl items-center gap-2 px-4 py-2 lg:gap-3">
                  <Link href="/" className="mr-1 text-lg font-bold tracking-tight text-fg xl:mr-3">
                    Switchyard
                  </Link>
                  {user ? (
                    <>
                      <NavLinks label="Primary" items={PRIMARY_NAV} className="hidden flex-1 xl:block" />
                      <div className="flex-1 xl:hidden" />
                      <CommandCenter />
                      <NotificationBell markReadAction={markNotificationsReadAction} />
                    </>
                  ) : (
                    <div className="flex-1" />
                  )}
                  <UserMenu user={user} signOutAction={signOutAction} />
                  {user ? <MobileNav items={PRIMARY_NAV} signOutAction={signOutAction} /> : null}
                </div>
              </header>
              <main id="main" tabIndex={-1} className="mx-auto max-w-6xl px-4 py-8 focus:outline-none">
                {children}
              </main>
              <Toaster />
            </TimeZoneProvider>
          </GitHubWebUrlProvider>
        </Providers>
      </body>
    </html>
  );
}
