// A stick's dead zone: small deflections (a pad at rest, a thumb resting on a touch stick) mean nothing. Pure.

export const DEAD_ZONE = 0.1;

/** Stick value after the dead zone, rescaled so motion starts at 0 just outside it. */
export function shape(value) {
  const magnitude = Math.abs(value);
  if (magnitude < DEAD_ZONE) return 0;
  return Math.sign(value) * Math.min(1, (magnitude - DEAD_ZONE) / (1 - DEAD_ZONE));
}
