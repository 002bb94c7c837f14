/**
 * Keeps the items whose citations hold: at least one evidence id, and every id one that exists.
 * An id the model made up is a sign the claim is made up too, so the whole claim goes, not just the
 * id. Returns what was kept and how many were dropped.
 */
export function checkCitations<T extends { evidenceIds: string[] }>(
  items: readonly T[],
  known: ReadonlySet<string>,
): { kept: T[]; dropped: number } {
  const kept = items
    .map((item) => ({ ...item, evidenceIds: [...new Set(item.evidenceIds.map((id) => id.trim()))] }))
    .filter((item) => item.evidenceIds.length > 0 && item.evidenceIds.every((id) => known.has(id)));
  return { kept, dropped: items.length - kept.length };
}
