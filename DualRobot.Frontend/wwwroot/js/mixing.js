// What an input asks a robot to do: a drive ({direction}) or a velocity ({linear, angular}). Pure.

import { shape } from './dead-zone.js';

// Turn rate of a key arc (W+A, I+L, ...) as a share of the linear speed, by default: the console's Driving:KeyArcTurn
// says how gentle. The sides run at speed × (1 ∓ turn), so the robot drives a circle of radius wheel base ÷ (2 × turn)
// at any speed: 0.54 m with the default 15 cm wheel base, a curve as two keys drive in a game, not a spin. A robot
// without enable pins runs each side full or off (the api's OnOffThreshold), so any gentler arc would come out as
// straight ahead: it pivots about its inner wheel instead (turn 1: inner side 0, outer side full).
export const ARC_TURN = 0.14;
export const ON_OFF_ARC_TURN = 1;

/** The radius (m) of a key arc's circle for a robot of this wheel base (m) at this turn share. */
export const arcRadius = (wheelBase, turn) => wheelBase / (2 * turn);

// Two decimals: a stick's noise below that would only add commands.
export const round = (value) => Math.round(value * 100) / 100 || 0;

/**
 * The motion a set of held keys asks for: one key drives as before; forward/backward with left/right drives an arc
 * that turns by `turn` of the speed (a robot without enable pins pivots instead).
 */
export function keyCommand(directions, speed, onOff = false, turn = ARC_TURN) {
  const last = (pair) => directions.filter((d) => pair.includes(d)).at(-1);
  const vertical = last(['forward', 'backward']);
  const horizontal = last(['left', 'right']);
  if (vertical && horizontal) {
    const linear = vertical === 'forward' ? speed : -speed;
    const angular = (horizontal === 'left' ? 1 : -1) * speed * (onOff ? ON_OFF_ARC_TURN : turn);
    return { linear, angular };
  }
  return { direction: directions.at(-1) };
}

/**
 * A stick's deflection (x right, y down, each -1..1) as a velocity at a speed: up is forward, left turns
 * counter-clockwise; null inside the dead zone (nothing to drive).
 */
export function stickCommand(x, y, speed) {
  const linear = round(shape(-y) * speed);
  const angular = round(shape(-x) * speed);
  return linear === 0 && angular === 0 ? null : { linear, angular };
}
