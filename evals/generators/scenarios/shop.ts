import type { Scenario } from "../lib/scenario.ts";
import { shopCartCrashLoop } from "./shop/shop-cart-crash-loop.ts";
import { shopCartMemoryLeak } from "./shop/shop-cart-memory-leak.ts";
import { shopCatalogDbSlowQuery } from "./shop/shop-catalog-db-slow-query.ts";
import { shopCheckoutBadDeploy } from "./shop/shop-checkout-bad-deploy.ts";
import { shopCheckoutCertExpiredPd } from "./shop/shop-checkout-cert-expired-pd.ts";
import { shopOrdersDbDiskFull } from "./shop/shop-orders-db-disk-full.ts";
import { shopPricingFeatureFlag } from "./shop/shop-pricing-feature-flag.ts";
import { shopRedisCartOom } from "./shop/shop-redis-cart-oom.ts";
import { shopReindexNoisyNeighbor } from "./shop/shop-reindex-noisy-neighbor.ts";
import { shopSearchBotTraffic } from "./shop/shop-search-bot-traffic.ts";
import { shopStorefrontTimeoutConfig } from "./shop/shop-storefront-timeout-config.ts";
import { shopStripeOutagePd } from "./shop/shop-stripe-outage-pd.ts";
import { shopStripeRateLimited } from "./shop/shop-stripe-rate-limited.ts";

/** The shop platform's cases, in the order they are generated. */
export const shopScenarios: Scenario[] = [
  shopCheckoutBadDeploy,
  shopCatalogDbSlowQuery,
  shopRedisCartOom,
  shopSearchBotTraffic,
  shopPricingFeatureFlag,
  shopStripeOutagePd,
  shopCartCrashLoop,
  shopReindexNoisyNeighbor,
  shopCartMemoryLeak,
  shopOrdersDbDiskFull,
  shopCheckoutCertExpiredPd,
  shopStorefrontTimeoutConfig,
  shopStripeRateLimited,
];
