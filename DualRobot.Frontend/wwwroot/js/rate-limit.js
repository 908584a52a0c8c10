// At most one command per robot every MIN_SEND_MS (20 a second): a stick or a key chord changes far more often. Pure.

export const MIN_SEND_MS = 50;

/** How long a command must wait before it may leave, given when the last one left: 0 for at once. */
export const sendDelay = (lastSent, now, minGap = MIN_SEND_MS) => Math.max(0, lastSent + minGap - now);
