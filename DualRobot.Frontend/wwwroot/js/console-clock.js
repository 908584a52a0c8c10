// The console's clock as the page knows it: each console status event carries the console's time; the page keeps the
// offset from its own monotonic clock. An event arrives after it was written, so every estimate is early by its
// delivery, and the latest (largest) is the closest: a deadline made from it is never later than the page's own
// give-up. The page names that deadline with every command, so a command that reaches a console after the page gave
// up on it (a load balancer failing over, a frozen replica) is refused there instead of acting late. Pure: the clock
// can be given (node's tests give their own).

export function createConsoleClock(now = () => performance.now()) {
  let offset = null;
  return {
    /** Takes the console's time (ms since the epoch) from a status event just received. */
    observe(consoleMs) {
      if (typeof consoleMs !== 'number' || !Number.isFinite(consoleMs)) return;
      const estimate = consoleMs - now();
      if (offset === null || estimate > offset) offset = estimate;
    },
    /** The console's time in `ms` from now, as RFC 3339 UTC (what X-Command-Deadline takes); null before any event. */
    deadline(ms) {
      return offset === null ? null : new Date(now() + offset + ms).toISOString();
    },
  };
}

/** The page's one console clock: fed by live-state.js, read by control-client.js. */
export const consoleClock = createConsoleClock();
