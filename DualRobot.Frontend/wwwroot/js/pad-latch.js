// One gamepad's buttons, frame by frame: when it may drive, and when it asks for a stop or the emergency stop. Pure.
// B stops the pad's robot and latches: the pad drives again only once its enable button (LB or RB) was let go and
// pressed again, like after a hidden tab or a blurred window (teleop_twist_joy's enable button, done strictly).

/** A pad as first seen: nothing held, nothing latched. */
export const idlePad = () => ({ b: false, back: false, latched: false });

/** The pad must let go of its enable button before it drives again (B, a lost page, a hold ended elsewhere). */
export const latch = (pad) => ({ ...pad, latched: true });

/**
 * One frame: the buttons now ({ enable, b, back }) after the pad as it was.
 * @returns {{ pad: object, stop: boolean, emergencyStop: boolean, drive: boolean }} the pad as it is now, whether
 *   B was just pressed (stop its robot), whether Back was just pressed (the emergency stop), and whether it may drive.
 */
export function stepPad(pad, { enable, b, back }) {
  const stop = b && !pad.b;
  // Let go of the enable button: the latch is gone. Pressed with B, or after a latch: it stays until then.
  const latched = enable && (pad.latched || b);
  return {
    pad: { b, back, latched },
    stop,
    emergencyStop: back && !pad.back,
    drive: enable && !latched,
  };
}
