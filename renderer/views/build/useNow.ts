/** The current time, re-read every second while `live` (for elapsed times that tick). */
import { useEffect, useState } from 'react';

export function useNow(live: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!live) return;
    setNow(Date.now());
    const id = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(id);
  }, [live]);
  return now;
}

/** 850 ms → "0.9 s", 75 s → "1:15". */
export function formatElapsed(ms: number | null): string {
  if (ms === null || ms < 0 || !Number.isFinite(ms)) return '';
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}
