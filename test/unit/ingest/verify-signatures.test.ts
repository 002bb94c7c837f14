import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { verifyAlertmanagerToken } from "../../../integrations/alertmanager/verify-alertmanager-token.ts";
import {
  signPagerdutyBody,
  verifyPagerdutySignature,
} from "../../../integrations/pagerduty/verify-pagerduty-signature.ts";

const body = new TextEncoder().encode('{"event":{"id":"e1","event_type":"incident.triggered"}}');
const hmac = (secret: string, bytes: Uint8Array = body) =>
  createHmac("sha256", secret).update(bytes).digest("hex");

describe("verifyPagerdutySignature", () => {
  it("accepts the v1 HMAC-SHA256 of the raw body made with a configured secret", () => {
    expect(verifyPagerdutySignature(body, `v1=${hmac("current")}`, ["current"])).toBe(true);
  });

  it("accepts any configured secret during a rotation, and any of several signatures", () => {
    expect(verifyPagerdutySignature(body, `v1=${hmac("previous")}`, ["current", "previous"])).toBe(true);
    expect(verifyPagerdutySignature(body, `v1=${hmac("retired")},v1=${hmac("current")}`, ["current"])).toBe(
      true,
    );
    expect(verifyPagerdutySignature(body, `v1=${hmac("retired")}, v1=${hmac("current")}`, ["current"])).toBe(
      true,
    );
  });

  it("refuses forged, stale, tampered, missing and malformed signatures", () => {
    const secrets = ["current", "previous"];
    expect(verifyPagerdutySignature(body, undefined, secrets)).toBe(false);
    expect(verifyPagerdutySignature(body, "", secrets)).toBe(false);
    expect(verifyPagerdutySignature(body, `v1=${"ab".repeat(32)}`, secrets)).toBe(false);
    expect(verifyPagerdutySignature(body, `v1=${hmac("retired")}`, secrets)).toBe(false);
    expect(
      verifyPagerdutySignature(body, `v1=${hmac("current", new TextEncoder().encode("{}"))}`, secrets),
    ).toBe(false);
    expect(verifyPagerdutySignature(body, hmac("current"), secrets)).toBe(false);
    expect(verifyPagerdutySignature(body, `v2=${hmac("current")}`, secrets)).toBe(false);
    expect(verifyPagerdutySignature(body, `v1=${hmac("current").slice(0, 40)}`, secrets)).toBe(false);
    expect(verifyPagerdutySignature(body, "v1=zz", secrets)).toBe(false);
  });

  it("lets everything through when no secret is configured", () => {
    expect(verifyPagerdutySignature(body, undefined, [])).toBe(true);
  });

  it("signs the way it verifies", () => {
    expect(signPagerdutyBody(body, ["a", "b"])).toBe(`v1=${hmac("a")},v1=${hmac("b")}`);
  });
});

describe("verifyAlertmanagerToken", () => {
  it("accepts exactly the configured bearer token", () => {
    expect(verifyAlertmanagerToken("Bearer s3cret", "s3cret")).toBe(true);
    expect(verifyAlertmanagerToken("bearer s3cret", "s3cret")).toBe(true);
    expect(verifyAlertmanagerToken("Bearer s3cre", "s3cret")).toBe(false);
    expect(verifyAlertmanagerToken("Bearer s3cret-and-more", "s3cret")).toBe(false);
    expect(verifyAlertmanagerToken("Basic s3cret", "s3cret")).toBe(false);
    expect(verifyAlertmanagerToken(undefined, "s3cret")).toBe(false);
  });

  it("lets everything through when no token is configured", () => {
    expect(verifyAlertmanagerToken(undefined, null)).toBe(true);
  });
});
