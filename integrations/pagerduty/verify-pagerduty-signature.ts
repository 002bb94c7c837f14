import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * Verifies `X-PagerDuty-Signature`: one or more comma-separated `v1=<hex>` HMAC-SHA256 digests of
 * the raw body. Passes when any presented v1 signature matches any configured secret, so that
 * both sides can rotate secrets without downtime. With no secret configured every request passes
 * (Vigil warns about that at start).
 */
export function verifyPagerdutySignature(
  rawBody: Uint8Array,
  header: string | undefined,
  secrets: readonly string[],
): boolean {
  if (secrets.length === 0) return true;
  if (header === undefined) return false;
  const presented = header
    .split(",")
    .map((part) => part.trim())
    .filter((part) => part.startsWith("v1="))
    .map((part) => Buffer.from(part.slice(3), "hex"))
    .filter((digest) => digest.length === 32);
  if (presented.length === 0) return false;
  let matched = false;
  for (const secret of secrets) {
    const expected = createHmac("sha256", secret).update(rawBody).digest();
    // No early exit: the time taken does not depend on which secret or signature matched.
    for (const digest of presented) matched = timingSafeEqual(expected, digest) || matched;
  }
  return matched;
}

/** Signs a body the way PagerDuty does; for tests, fixtures and the replay harness. */
export function signPagerdutyBody(rawBody: Uint8Array | string, secrets: readonly string[]): string {
  return secrets
    .map((secret) => `v1=${createHmac("sha256", secret).update(rawBody).digest("hex")}`)
    .join(",");
}
