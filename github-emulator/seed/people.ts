import type { OrgRecord, TeamRecord, UserRecord } from "../core/model";

/** Seed users. Ids are stable: the app and tests refer to them. */
export const SEED_USERS: Omit<UserRecord, "createdAt">[] = [
  {
    id: 1001,
    login: "alice",
    name: "Alice Andersen",
    company: "@acme",
    location: "Copenhagen",
    bio: "Platform lead. Owner of the acme organization.",
    blog: "https://alice.example.com",
    twitterUsername: null,
    emails: [
      { email: "alice@acme.example", primary: true, verified: true, visibility: "private" },
      { email: "alice@users.noreply.github.com", primary: false, verified: true, visibility: null },
    ],
    copilotPlan: "business",
    siteAdmin: false,
  },
  {
    id: 1002,
    login: "bob",
    name: "Bob Brennan",
    company: "@acme",
    location: "Dublin",
    bio: "Payments and web.",
    blog: "",
    twitterUsername: "bob_codes",
    emails: [{ email: "bob@acme.example", primary: true, verified: true, visibility: "public" }],
    copilotPlan: "business",
    siteAdmin: false,
  },
  {
    id: 1003,
    login: "carol",
    name: "Carol Castillo",
    company: "Contractor",
    location: null,
    bio: null,
    blog: "",
    twitterUsername: null,
    emails: [{ email: "carol@contractor.example", primary: true, verified: true, visibility: "private" }],
    copilotPlan: null,
    siteAdmin: false,
  },
  {
    id: 1004,
    login: "dave",
    name: "Dave Dubois",
    company: "@acme",
    location: "Lyon",
    bio: "Data and infrastructure.",
    blog: "",
    twitterUsername: null,
    emails: [{ email: "dave@acme.example", primary: true, verified: true, visibility: "private" }],
    copilotPlan: "enterprise",
    siteAdmin: false,
  },
  {
    // An outsider: a Copilot seat of her own, a public repository, and no tie to acme at all.
    id: 1005,
    login: "mallory",
    name: "Mallory Marsh",
    company: null,
    location: null,
    bio: "Not with acme.",
    blog: "",
    twitterUsername: null,
    emails: [{ email: "mallory@outsider.example", primary: true, verified: true, visibility: "public" }],
    copilotPlan: "business",
    siteAdmin: false,
  },
];

/**
 * carol is an outside collaborator of acme (not a member): she can see the repositories she
 * collaborates on but cannot create repositories in the organization. mallory belongs to no
 * seeded organization.
 */
export const SEED_ORG: Omit<OrgRecord, "createdAt"> = {
  id: 5_000_001,
  login: "acme",
  name: "Acme Corporation",
  description: "Everything you need, delivered.",
  membersCanCreateRepositories: true,
  members: { alice: "admin", bob: "member", dave: "member" },
};

export const SEED_TEAMS: TeamRecord[] = [
  {
    id: 3001,
    org: "acme",
    slug: "platform",
    name: "Platform",
    description: "Shared infrastructure",
    members: { alice: "maintainer", dave: "member" },
  },
  {
    id: 3002,
    org: "acme",
    slug: "payments",
    name: "Payments",
    description: "Checkout, billing, ledger",
    members: { bob: "maintainer", alice: "member" },
  },
  {
    id: 3003,
    org: "acme",
    slug: "web",
    name: "Web",
    description: "Storefront and portals",
    members: { bob: "member" },
  },
  {
    id: 3004,
    org: "acme",
    slug: "data",
    name: "Data",
    description: "Pipelines and ML",
    members: { dave: "maintainer" },
  },
  {
    id: 3005,
    org: "acme",
    slug: "security",
    name: "Security",
    description: "AppSec and tooling",
    members: { alice: "maintainer" },
  },
  {
    id: 3006,
    org: "acme",
    slug: "mobile",
    name: "Mobile",
    description: "iOS and Android",
    members: { bob: "member", dave: "member" },
  },
];
