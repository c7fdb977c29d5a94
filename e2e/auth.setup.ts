import { authFile, PEOPLE, signInWithGitHub, test as setup } from "./fixtures";

// Each demo person signs in once, through the real OAuth flow; the specs reuse these sessions.
setup.describe.configure({ mode: "parallel" });

for (const login of PEOPLE) {
  setup(`${login} signs in through GitHub`, async ({ page }) => {
    await signInWithGitHub(page, login);
    await page.context().storageState({ path: authFile(login) });
  });
}
