import { useEffect, useState } from 'react';

/** Date.now(), updated every `everyMs` while `running`; for "for N s" in the banners. */
export function useClock(running: boolean, everyMs = 500): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [running, everyMs]);
  return now;
}
