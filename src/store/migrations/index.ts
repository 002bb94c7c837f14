import type { Migration } from "kysely";
import * as initial from "./0001-initial.ts";
import * as assertFunction from "./0002-assert-function.ts";

/** Applied in key order. Append new migrations; never edit one that has shipped. */
export const migrations: Record<string, Migration> = {
  "0001-initial": initial,
  "0002-assert-function": assertFunction,
};
