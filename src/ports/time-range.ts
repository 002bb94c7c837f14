/** A closed time range in unix seconds, with the resolution a range query should use. */
export interface TimeRange {
  start: number;
  end: number;
  stepSeconds: number;
}
