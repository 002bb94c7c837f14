import type { Kysely } from "kysely";

/** Placeholder: the tables for outbound notes are added by their issue. */
export async function up(_db: Kysely<unknown>): Promise<void> {}

export async function down(_db: Kysely<unknown>): Promise<void> {}
