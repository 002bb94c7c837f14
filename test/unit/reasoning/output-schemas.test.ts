import { describe, expect, it } from "vitest";
import {
  critiqueSchema,
  narrativeSchema,
  parseModelJson,
} from "../../../src/agent/reasoning/output-schemas.ts";

describe("parseModelJson", () => {
  it("reads JSON wrapped in a Markdown fence or a sentence", () => {
    const text = 'Here you go:\n```json\n{"claims":[{"text":"x","evidenceIds":["ev-a"]}]}\n```';
    expect(parseModelJson(text, narrativeSchema)).toEqual({
      ok: true,
      value: { claims: [{ text: "x", evidenceIds: ["ev-a"] }] },
    });
  });

  it("drops keys the schema does not know instead of passing them on", () => {
    const parsed = parseModelJson(
      JSON.stringify({ critiques: [], order: ["h2"], mitigation: { action: "scale-out", replicas: 0 } }),
      critiqueSchema,
    );
    expect(parsed).toEqual({ ok: true, value: { critiques: [], order: ["h2"] } });
  });

  it.each([
    ["prose", "I think h1 is right.", /holds no JSON object/],
    ["broken JSON", '{"claims": [', /holds no JSON object|not valid JSON/],
    [
      "a wrong verdict",
      JSON.stringify({
        critiques: [{ hypothesis: "h1", verdict: "yes", reason: "r", evidenceIds: [] }],
        order: [],
      }),
      /does not match the schema/,
    ],
  ])("refuses %s", (_what, text, detail) => {
    const parsed = parseModelJson(text, critiqueSchema);
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? "" : parsed.detail).toMatch(detail);
  });

  it("refuses a narrative without claims", () => {
    expect(parseModelJson('{"claims":[]}', narrativeSchema).ok).toBe(false);
  });
});
