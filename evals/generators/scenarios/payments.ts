import type { Scenario } from "../lib/scenario.ts";
import { payAccountsNPlusOneDeploy } from "./payments/pay-accounts-n-plus-one-deploy.ts";
import { payAccountsOomKills } from "./payments/pay-accounts-oom-kills.ts";
import { payAcquirerCertExpiredPd } from "./payments/pay-acquirer-cert-expired-pd.ts";
import { payAdyenRateLimited } from "./payments/pay-adyen-rate-limited.ts";
import { payApiImagePullNoLogs } from "./payments/pay-api-image-pull-no-logs.ts";
import { payFraudCpuSaturation } from "./payments/pay-fraud-cpu-saturation.ts";
import { payLedgerMigrationLock } from "./payments/pay-ledger-migration-lock.ts";
import { payLedgerPoolLeak } from "./payments/pay-ledger-pool-leak.ts";
import { payNodeLostPd } from "./payments/pay-node-lost-pd.ts";
import { payPgbouncerPoolConfig } from "./payments/pay-pgbouncer-pool-config.ts";

/** The payments platform's cases, in the order they are generated. */
export const paymentsScenarios: Scenario[] = [
  payLedgerPoolLeak,
  payLedgerMigrationLock,
  payFraudCpuSaturation,
  payAcquirerCertExpiredPd,
  payAccountsNPlusOneDeploy,
  payAdyenRateLimited,
  payNodeLostPd,
  payPgbouncerPoolConfig,
  payAccountsOomKills,
  payApiImagePullNoLogs,
];
