/** Tables added by migration; declared here so that `Database` stays one type. */
// biome-ignore lint/complexity/noBannedTypes: filled in by the issue that adds these tables
export type OutboundNoteTables = {};
