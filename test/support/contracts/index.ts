export {
  type ChangesFixture,
  changesContractFixture,
  describeChangeSourceContract,
} from "./change-source-contract.ts";
export {
  type ClusterFixture,
  clusterContractFixture,
  describeClusterReaderContract,
} from "./cluster-reader-contract.ts";
export {
  CONTRACT_T0,
  type ContractHarness,
  type MakeSource,
  type MakeUnavailableSource,
} from "./contract-harness.ts";
export { describeLogSourceContract, type LogsFixture, logsContractFixture } from "./log-source-contract.ts";
export {
  describeMetricsSourceContract,
  type MetricsFixture,
  metricsContractFixture,
} from "./metrics-source-contract.ts";
export {
  describeTopologySourceContract,
  type TopologyFixture,
  topologyContractFixture,
} from "./topology-source-contract.ts";
