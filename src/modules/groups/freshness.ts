// A listing is only as good as its last check by a person. Not verified (or created) for 180 days:
// marked stale and ranked at half weight; for 365 days: out of public search until verified again.
export const FRESHNESS = { staleAfterDays: 180, hiddenAfterDays: 365 };

export function isStale(verifiedOrCreated: Date, now: Date): boolean {
  return now.getTime() - new Date(verifiedOrCreated).getTime() > FRESHNESS.staleAfterDays * 86_400_000;
}
