/**
 * What a contract suite gets from the implementation under test: the source, built to hold
 * the suite's fixture data, and a way to tear down whatever backs it (a server, a TSDB).
 */
export interface ContractHarness<Source> {
  source: Source;
  close(): Promise<void>;
}

export type MakeSource<Fixture, Source> = (fixture: Fixture) => Promise<ContractHarness<Source>>;

/** Builds the same port pointing at a backend that cannot be reached (closed port, no data). */
export type MakeUnavailableSource<Source> = () => Promise<ContractHarness<Source>>;

/** A fixed past instant, far enough back for any real backend to accept backfilled data. */
export const CONTRACT_T0 = 1_714_557_600; // 2024-05-01T10:00:00Z
