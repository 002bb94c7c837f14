import type { Migration } from "kysely";
import * as initial from "./0001-initial.ts";
import * as assertFunction from "./0002-assert-function.ts";
import * as approvals from "./0003-approvals.ts";
import * as mitigations from "./0004-mitigations.ts";
import * as modelUsage from "./0005-model-usage.ts";
import * as outboundNotes from "./0006-outbound-notes.ts";

/** Applied in key order. Append new migrations; never edit one that has shipped. */
export const migrations: Record<string, Migration> = {
  "0001-initial": initial,
  "0002-assert-function": assertFunction,
  "0003-approvals": approvals,
  "0004-mitigations": mitigations,
  "0005-model-usage": modelUsage,
  "0006-outbound-notes": outboundNotes,
};
