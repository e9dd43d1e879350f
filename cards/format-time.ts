/** `2026-11-22 09:30 UTC`: card times are always UTC, and say so. */
export function formatTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** `in 29 min`, `in 2 h 5 min`, `3 min ago`. */
export function formatRelative(ms: number, now: number): string {
  const minutes = Math.round(Math.abs(ms - now) / 60_000);
  const text = minutes < 60 ? `${minutes} min` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
  return ms >= now ? `in ${text}` : `${text} ago`;
}
