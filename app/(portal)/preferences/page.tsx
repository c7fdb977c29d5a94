import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/page-header";
import { Section } from "@/components/ui/section";
import { requireUser } from "@/lib/auth/session";
import { getPreferences } from "@/lib/dal/preferences";
import { TimeZoneForm } from "./_components/time-zone-form";

export const metadata: Metadata = { title: "Your preferences" };
export const dynamic = "force-dynamic";

/** What each person sets for themselves (Settings is for admins). */
export default async function PreferencesPage() {
  const user = await requireUser();
  const preferences = await getPreferences(user.id);
  return (
    <>
      <PageHeader
        title="Your preferences"
        description={`How Switchyard shows things to you, ${user.login}.`}
      />
      <Section id="time" title="Time zone" card>
        <TimeZoneForm
          chosen={preferences.timeZone}
          // The server's list, so the server render and the browser's agree.
          zones={["UTC", ...Intl.supportedValuesOf("timeZone").filter((zone) => zone !== "UTC")]}
          now={new Date().toISOString()}
        />
      </Section>
      <Section id="automation" title="Automation" card>
        <p className="text-sm text-fg">
          Scripts and bots act as you on Switchyard&apos;s API with{" "}
          <Link href="/tokens" className="font-medium text-accent underline">
            your API tokens
          </Link>
          .
        </p>
      </Section>
    </>
  );
}
