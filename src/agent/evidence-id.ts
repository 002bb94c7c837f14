import { createHash } from "node:crypto";

/**
 * A stable evidence id: the same source, query and range always give the same id, so two runs of
 * one replay cite the same evidence.
 */
export function evidenceId(source: string, query: string, start: number, end: number): string {
  const digest = createHash("sha256").update(`${source}\n${query}\n${start}\n${end}`).digest("hex");
  return `ev-${source.slice(0, 4)}-${digest.slice(0, 10)}`;
}
