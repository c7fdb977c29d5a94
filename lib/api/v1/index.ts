import "server-only";
/** Every /api/v1 endpoint, in the order the description lists them. */
import { costsEndpoint } from "./costs";
import {
  createCampaignEndpoint,
  dryRunCampaignEndpoint,
  getCampaignEndpoint,
  launchCampaignEndpoint,
  pauseCampaignEndpoint,
  resumeCampaignEndpoint,
} from "./campaigns";
import { getTaskEndpoint, launchTemplateEndpoint, listTasksEndpoint, startTaskEndpoint } from "./tasks";
import { actOnTriageEndpoint, listTriageEndpoint, retryTriageEndpoint } from "./triage";

export * from "./costs";
export * from "./campaigns";
export * from "./tasks";
export * from "./triage";

export const API_ENDPOINTS = [
  listTasksEndpoint,
  startTaskEndpoint,
  getTaskEndpoint,
  launchTemplateEndpoint,
  createCampaignEndpoint,
  getCampaignEndpoint,
  dryRunCampaignEndpoint,
  launchCampaignEndpoint,
  pauseCampaignEndpoint,
  resumeCampaignEndpoint,
  listTriageEndpoint,
  actOnTriageEndpoint,
  retryTriageEndpoint,
  costsEndpoint,
];
