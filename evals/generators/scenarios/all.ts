import type { Scenario } from "../lib/scenario.ts";
import { bookingScenarios } from "./booking.ts";
import { dataScenarios } from "./data.ts";
import { mediaScenarios } from "./media.ts";
import { paymentsScenarios } from "./payments.ts";
import { shopScenarios } from "./shop.ts";

export const ALL_SCENARIOS: Scenario[] = [
  ...shopScenarios,
  ...paymentsScenarios,
  ...mediaScenarios,
  ...dataScenarios,
  ...bookingScenarios,
];
