import { describe, expect, it } from "vitest";
import { maskLogText } from "../../../src/analysis/mask-log-text.ts";

describe("maskLogText", () => {
  it("masks ids, addresses, times, durations, numbers and quoted strings", () => {
    expect(
      maskLogText(
        'TraceID: a807a2a21139b7d63cbffb178ae200c8 order 6f12c7b8-1759-4e7a-9cf2-3b291c942324 from 10.0.0.7:8080 at 2024-05-01T10:00:00.123Z took 250ms, retry 3 of "checkout"',
      ),
    ).toBe("TraceID: <HEX> order <UUID> from <IP> at <TS> took <DUR>, retry <NUM> of <STR>");
  });

  it("keeps names that carry digits", () => {
    expect(maskLogText("Travel2Controller route G1234 v1.2.3 ok")).toBe(
      "Travel2Controller route G1234 v1.2.3 ok",
    );
  });

  it("masks Go durations, emails and hex literals", () => {
    expect(maskLogText("waited 1m30.5s for someone@example.com at 0x7ffd")).toBe(
      "waited <DUR> for <EMAIL> at <HEX>",
    );
  });
});
