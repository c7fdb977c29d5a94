import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { PageHeader } from "@/components/page-header";
import { requireUser } from "@/lib/auth/session";
import { getRepositorySetup } from "@/lib/dal/repository-setups";
import { SetupProgress } from "../_components/setup-progress";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string }> };

export const metadata: Metadata = { title: "Repository setup" };

export default async function RepositorySetupPage({ params }: Props) {
  const user = await requireUser();
  const { id } = await params;
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(id)) notFound();
  const setup = await getRepositorySetup(id, user);
  if (!setup) notFound();
  return (
    <>
      <PageHeader
        trail={[
          { href: "/launch", label: "Launch" },
          { href: "/launch/new-repository", label: "New repository" },
        ]}
        current={setup.repository}
        title={`Setting up ${setup.repository}`}
        description={`Started by @${setup.by}. This page follows both steps as they happen.`}
      />
      <SetupProgress initial={setup} />
    </>
  );
}
