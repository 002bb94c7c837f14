import type { Scenario } from "../lib/scenario.ts";
import { dataClickhouseDiskFull } from "./data/data-clickhouse-disk-full.ts";
import { dataClickhouseMigration } from "./data/data-clickhouse-migration.ts";
import { dataCorednsExternalNames } from "./data/data-coredns-external-names.ts";
import { dataDedupeBadDeploy } from "./data/data-dedupe-bad-deploy.ts";
import { dataEnricherTimeoutConfig } from "./data/data-enricher-timeout-config.ts";
import { dataIpinfoOutagePd } from "./data/data-ipinfo-outage-pd.ts";
import { dataLoaderCrashLoopNoLogs } from "./data/data-loader-crash-loop-no-logs.ts";

/** The data platform's cases, in the order they are generated. */
export const dataScenarios: Scenario[] = [
  dataClickhouseDiskFull,
  dataIpinfoOutagePd,
  dataDedupeBadDeploy,
  dataLoaderCrashLoopNoLogs,
  dataEnricherTimeoutConfig,
  dataCorednsExternalNames,
  dataClickhouseMigration,
];
