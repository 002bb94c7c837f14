import type { Migration } from "kysely";
import * as initial from "./0001-initial.ts";

/** Applied in key order. Append new migrations; never edit one that has shipped. */
export const migrations: Record<string, Migration> = {
  "0001-initial": initial,
};
