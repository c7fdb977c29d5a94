import type { Metadata } from "next";
import { PageHeader } from "@/components/page-header";
import { requireUser } from "@/lib/auth/session";
import { TemplateEditor } from "../_components/template-editor";

export const metadata: Metadata = { title: "New template" };

const STARTING_BODY = `{{! A short, specific task. Facts come from each repository; sections keep missing ones readable. }}
In {{repo.fullName}}, …

{{#facts.testCommand}}
Run \`{{facts.testCommand}}\` before you finish and fix what fails.
{{/facts.testCommand}}
{{^facts.testCommand}}
No test command was found: explain in the pull request how you checked the change.
{{/facts.testCommand}}`;

export default async function NewTemplatePage() {
  await requireUser();
  return (
    <>
      <PageHeader
        trail={[{ href: "/templates", label: "Templates" }]}
        title="New template"
        description="A prompt with typed parameters and repository facts. Saving creates version 1; later edits are new versions."
      />
      <TemplateEditor
        initial={{
          name: "",
          description: "",
          category: "general",
          body: STARTING_BODY,
          parameters: [],
          defaultModel: null,
          defaultCreatePullRequest: true,
          defaultBaseRef: null,
        }}
      />
    </>
  );
}
