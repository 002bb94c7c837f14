import { describe, expect, it } from "vitest";
import { checkCitations } from "../../../src/agent/reasoning/check-citations.ts";

const known = new Set(["ev-metr-aaaaaaaaaa", "ev-logs-bbbbbbbbbb"]);

describe("checkCitations", () => {
  it("keeps claims that cite only existing evidence, trimming and de-duplicating their ids", () => {
    const result = checkCitations(
      [{ text: "ok", evidenceIds: [" ev-metr-aaaaaaaaaa", "ev-metr-aaaaaaaaaa", "ev-logs-bbbbbbbbbb"] }],
      known,
    );
    expect(result).toEqual({
      kept: [{ text: "ok", evidenceIds: ["ev-metr-aaaaaaaaaa", "ev-logs-bbbbbbbbbb"] }],
      dropped: 0,
    });
  });

  it("drops and counts claims with no ids or with any id that does not exist", () => {
    const result = checkCitations(
      [
        { text: "uncited", evidenceIds: [] },
        { text: "half made up", evidenceIds: ["ev-metr-aaaaaaaaaa", "ev-logs-0000000000"] },
        { text: "fine", evidenceIds: ["ev-logs-bbbbbbbbbb"] },
      ],
      known,
    );
    expect(result.kept.map((claim) => claim.text)).toEqual(["fine"]);
    expect(result.dropped).toBe(2);
  });
});
