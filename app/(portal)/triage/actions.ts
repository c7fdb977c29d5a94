"use server";

import { operationAction } from "@/lib/actions/kit";
import { retryTriageOperation, triageItemOperation } from "@/lib/operations/triage";

export const triageItemAction = operationAction(triageItemOperation);
export const retryItemsAction = operationAction(retryTriageOperation);
