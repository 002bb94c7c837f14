import type { Scenario } from "../lib/scenario.ts";
import { bookingFareNetworkDelay } from "./booking/booking-fare-network-delay.ts";
import { bookingOrderBadDeployPd } from "./booking/booking-order-bad-deploy-pd.ts";
import { bookingOrderDbSlow } from "./booking/booking-order-db-slow.ts";
import { bookingOrderPoolLeak } from "./booking/booking-order-pool-leak.ts";
import { bookingSeatCpuTwoHop } from "./booking/booking-seat-cpu-two-hop.ts";
import { bookingUserMemoryLeakPd } from "./booking/booking-user-memory-leak-pd.ts";

/** The booking platform's cases, in the order they are generated. */
export const bookingScenarios: Scenario[] = [
  bookingSeatCpuTwoHop,
  bookingFareNetworkDelay,
  bookingOrderBadDeployPd,
  bookingOrderDbSlow,
  bookingOrderPoolLeak,
  bookingUserMemoryLeakPd,
];
