import { describe, expect, it } from "vitest";
import { routeChannel } from "../../../integrations/slack/route-channel.ts";

const routes = [
  { match: { severity: "critical", team: "payments" }, channel: "C0PAYPAGE" },
  { match: { service: "checkout" }, channel: "C0CHECKOUT" },
  { match: { team: "shop" }, channel: "C0SHOP" },
];
const routing = { routes, defaultChannel: "C0INCIDENTS" };

describe("channel routing", () => {
  it("takes the first route whose every key matches", () => {
    expect(routeChannel(routing, { services: ["ledger"], teams: ["payments"], severity: "CRITICAL" })).toBe(
      "C0PAYPAGE",
    );
    expect(routeChannel(routing, { services: ["ledger"], teams: ["payments"], severity: "warning" })).toBe(
      "C0INCIDENTS",
    );
  });

  it("matches a service or a team among all of the incident's", () => {
    expect(
      routeChannel(routing, { services: ["frontend", "checkout"], teams: [], severity: "warning" }),
    ).toBe("C0CHECKOUT");
    expect(routeChannel(routing, { services: ["cart"], teams: ["shop"], severity: "warning" })).toBe(
      "C0SHOP",
    );
  });

  it("falls back to the default channel, or to none", () => {
    const facts = { services: ["search"], teams: ["discovery"], severity: "info" };
    expect(routeChannel(routing, facts)).toBe("C0INCIDENTS");
    expect(routeChannel({ routes, defaultChannel: null }, facts)).toBeNull();
  });
});
