import { describe, expect, it } from "vitest";
import { findServiceInText } from "../../../src/agent/nodes/find-service-in-text.ts";

describe("findServiceInText", () => {
  const known = ["payments", "payments-db", "cart", "api"];

  it("prefers the longest whole-word name", () => {
    expect(findServiceInText("[FIRING] payments-db connections exhausted", known)).toBe("payments-db");
  });

  it("matches a name inside a host name but not inside another word", () => {
    expect(findServiceInText("dial tcp: lookup cart.shop.svc.cluster.local", known)).toBe("cart");
    expect(findServiceInText("shopping cartography service down", known)).toBeNull();
  });

  it("answers null when no known service is named", () => {
    expect(findServiceInText("Disk almost full on node 7", known)).toBeNull();
  });
});
