import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/page-header";

export const metadata: Metadata = { title: "Page not found" };

export default function NotFound() {
  return (
    <>
      <PageHeader title="Page not found" description="There is nothing at this address." />
      <Link href="/" className="font-medium text-accent underline underline-offset-4">
        Go to the dashboard
      </Link>
    </>
  );
}
