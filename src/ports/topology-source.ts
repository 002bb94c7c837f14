export interface TopologyEdge {
  /** The calling service. */
  from: string;
  /** The called service or resource. */
  to: string;
}

/**
 * The service call graph. An empty array means no topology is known (the ranker then treats
 * services as unrelated); a thrown `SourceUnavailableError` means it could not be read.
 */
export interface TopologySource {
  edges(signal?: AbortSignal): Promise<TopologyEdge[]>;
}
