import { errorRatio, rule } from "../../lib/rules.ts";
import type { Scenario } from "../../lib/scenario.ts";
import { payments } from "../../platforms/payments.ts";
import { fx } from "../common.ts";

export const payAcquirerCertExpiredPd: Scenario = {
  id: "pay-acquirer-cert-expired-pd",
  platform: payments,
  faultAt: "2025-01-01T00:00:00Z",
  beforeMin: 39,
  step: 60,
  nowAfter: 190,
  build(b) {
    const T = b.T;
    b.probe("card-gateway-acquirer-client", T);
    b.effect(
      fx("card-gateway", "err:502", T + 1, 0.96, { ramp: 10 }),
      fx("card-gateway", "lat", T + 1, 0.15, { ramp: 10 }),
      fx("adyen", "rps", T + 1, 0.02, { ramp: 10 }),
      fx("payments-api", "err:502", T + 2, 0.82, { ramp: 10 }),
    );
    b.logs(
      {
        service: "card-gateway",
        at: T + 1,
        perMin: 6,
        level: "error",
        render: (c) => ({
          logger: "com.acme.acquirer.AdyenClient",
          msg: `Authorisation request auth_${c.rng.hex(10)} to acquirer failed: javax.net.ssl.SSLHandshakeException: Received fatal alert: certificate_expired`,
        }),
      },
      {
        service: "payments-api",
        at: T + 2,
        perMin: 3,
        level: "error",
        render: (c) => ({
          logger: "com.acme.payments.AuthorisationService",
          msg: `Card authorisation failed for payment pay_${c.rng.hex(12)}: 502 BAD_GATEWAY from card-gateway`,
        }),
      },
    );
    b.distract({ avoid: ["card-gateway"], deploys: 1, configs: 1, infra: 1, to: T - 900 });
    b.alert({
      source: "pagerduty",
      title: "Payments API: authorisation success rate below 90%",
      serviceSummary: "Payments API (prod)",
      rule: rule(errorRatio("payments-api"), ">", 0.1, 60),
      priority: "P1",
    });
    b.title("PagerDuty at midnight: card-gateway's acquirer client certificate expired (title only)")
      .tags("certificate-expiry", "payments", "hard", "pagerduty", "title-only", "traffic-changes")
      .expect({
        rootCause: { service: "card-gateway", kind: "certificate-expiry" },
        mitigation: { action: "none" },
      })
      .notes(
        "The mTLS client certificate card-gateway presents to the acquirer expires at 00:00 UTC (cert-manager expiration timestamp = T, ready 0). Every authorisation fails in the TLS handshake (certificate_expired); calls never reach Adyen (its traffic drops to ~0). The incident is a title-only PagerDuty alert on the API. Renewal needs a person: none.",
      );
  },
};
