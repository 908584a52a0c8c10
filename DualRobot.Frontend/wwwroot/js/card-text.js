// What a robot's card says for a state: every value and reason the page shows is made here, from the state and the
// link to it (whether the console's stream and the api vouch for it), so each text has one place that says what
// produces and what clears it. Pure: no DOM.

import { clock } from './time-format.js';

export const same = (a, b) => Boolean(a) && Boolean(b) && a.toLowerCase() === b.toLowerCase();

const percent = (value) => `${Math.round(value * 100)} %`;

/**
 * Whether what the page knows of a robot is current: the console's stream is up and the api vouches for it (with
 * several api instances, the one that drives this robot: the others may be down).
 */
export const known = (link, robot) => link.streamUp && link.apiReachable && !instanceDown(link, robot);

const instanceDown = (link, robot) => Boolean(robot) && Boolean(link.unreachable?.has(robot.toLowerCase()));

/** Motion: what the wheels were last told, "at the wall" while the estimate is pressed against one; unknown unless known. */
export function motionText(state, link) {
  if (!known(link, state?.name)) return 'unknown';
  const motion = state.motion === 'velocity' ? `velocity ${percent(state.left)} / ${percent(state.right)}` : state.motion;
  return state.atWall ? `${motion} · at the wall` : motion;
}

/**
 * The fastest a side may run for the one looking (their role's cap, slow mode applied), 0..1; for a viewer or a
 * visitor, who drive nothing, the lowest of the drivers' caps. Null without an envelope (an api before it).
 */
export function capOf(state, role) {
  const caps = state?.envelope?.maxSpeed;
  if (!caps) return null;
  return caps[role] ?? Math.min(...Object.values(caps), 1);
}

/** The cap as the card and the stick say it: '' when there is none (full speed), "30 %", or "none: can't drive". */
export function capText(state, role) {
  const cap = capOf(state, role);
  if (cap == null || cap >= 1) return '';
  return cap <= 0 ? "can't drive now" : percent(cap);
}

/** Speed: the robot's drive speed, the slider's when the next drive goes at another, and the cap when there is one. */
export function speedText(state, sliderPercent, role) {
  const cap = capText(state, role);
  const capped = cap ? ` · cap ${cap}${state.envelope.slowMode ? ' (slow mode)' : ''}` : '';
  if (state?.speed == null) return `full (no PWM)${capped}`;
  const next = sliderPercent != null && sliderPercent !== Math.round(state.speed * 100) ? ` · next drive ${sliderPercent} %` : '';
  return `${percent(state.speed)}${next}${capped}`;
}

/** What held the robot's last motion back (the state's envelope.limit, kept until its next motion), or ''. */
export function limitText(state) {
  const envelope = state?.envelope;
  if (!envelope || envelope.limit === 'none') return '';
  const slowed = envelope.scale < 1 ? ` (${percent(envelope.scale)} of the speed asked)` : '';
  switch (envelope.limit) {
    case 'keep-out': return `Last motion held back to stop short of zone ${envelope.zone}${slowed}.`;
    case 'arena': return `Last motion held back to stop short of the arena's edge${slowed}.`;
    case 'slow-mode': return `Last motion capped by slow mode${slowed}.`;
    case 'role': return `Last motion capped at its driver's role's speed${slowed}.`;
    default: return '';
  }
}

/** Said where the pose is dead reckoning (hardware): the zones and the edge are kept on that estimate. */
export const estimateText = (state) => (state?.envelope?.estimated
  ? `${state.name}'s pose is estimated: keep-out zones are kept only as well as that estimate, which drifts.`
  : '');

export const deadmanText = (state) => (!state.connected ? 'deadman unknown' : state.watchdogArmed ? 'on-robot deadman' : 'api deadman only');

export const angleText = (angle) => (angle == null ? 'not set' : `${Math.round(angle * 10) / 10}°`);

/** The connection badge: "connected" only while the stream and the api vouch for it. */
export function connectionText(state, link) {
  if (!link.streamUp) return ['unknown', 'unknown: console unreachable'];
  if (!link.apiReachable || instanceDown(link, state?.name)) return ['unknown', 'unknown: api unreachable'];
  return state?.connected ? ['true', 'connected'] : ['false', 'backend unreachable'];
}

/** Why a robot's motion controls are off right now: [kind, reason], or ['', ''] when they are on. */
export function blockOf(state, link) {
  if (!link.streamUp) return ['console', 'Connection to the console lost: driving is off until it is back.'];
  if (!link.apiReachable) return ['api', 'Control api unreachable: driving is off until it is back.'];
  if (instanceDown(link, state?.name)) return ['api', `${state.name}'s control api instance is unreachable: driving it is off until it is back.`];
  if (state && !state.connected) return ['backend', `${state.name}'s backend is unreachable: driving is off until it reconnects.`];
  if (state?.emergencyStopLatched) return ['estop', 'Emergency stop latched: release it to drive.'];
  return ['', ''];
}

/** "Driver: alice since 14:02:11 UTC". */
export const sinceText = (state) => (state.driverSince ? clock(state.driverSince) : '');

/**
 * What the driver's card says about the robot being taken or stopped by someone else, or '' (an error notice):
 * produced by another user's take-over or stop, cleared when the robot moves again or the user drives it again.
 * @param previousDriver the driver the page knew before this state.
 */
export function driverNotice(state, me, previousDriver) {
  if (!me) return '';
  if (same(previousDriver, me) && state.driver && !same(state.driver, me)) {
    return same(state.stoppedBy, state.driver) && state.motion === 'stop'
      ? `${state.driver} took control of ${state.name} and stopped it; your commands to it are refused while they drive.`
      : `${state.driver} drives ${state.name} now; your commands to it are refused while they drive.`;
  }
  if (same(state.driver, me) && state.motion === 'stop' && state.stoppedBy && !same(state.stoppedBy, me)) {
    return `${state.name} was stopped by ${state.stoppedBy}: let go and press again to drive.`;
  }
  return null; // no news: whatever is shown stays until it no longer holds (noticeHolds)
}

/** Whether an error notice of the driver's card still holds for a state: not once the user drives the robot again. */
export const noticeHolds = (state, me) => !(same(state.driver, me) && state.motion !== 'stop');

/** The e-stop panel's line. */
export const estopText = (latched, releasable) => (latched ? (releasable ? 'Latched: release to drive' : 'Latched: a supervisor releases it') : '');
