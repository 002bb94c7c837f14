import { createHash, timingSafeEqual } from "node:crypto";

/**
 * Checks `Authorization: Bearer <token>` as Alertmanager's `http_config.authorization` sends it.
 * With no token configured every request passes (Vigil warns about that at start).
 */
export function verifyAlertmanagerToken(authorization: string | undefined, token: string | null): boolean {
  if (token === null) return true;
  const match = /^Bearer\s+(.+)$/i.exec(authorization?.trim() ?? "");
  if (match === null) return false;
  // Hashing first makes the comparison constant-time regardless of the presented length.
  const presented = createHash("sha256").update(match[1]!).digest();
  const expected = createHash("sha256").update(token).digest();
  return timingSafeEqual(presented, expected);
}
