// Hold-to-move: while a control is held its motion is renewed with heartbeats (the api's deadman stops a robot whose
// renewals stop); letting go always sends a stop, whatever the api answered meanwhile. One hold per robot; every
// input (D-pad, keys, gamepad, joystick) goes through here. A hold is one operator action: its commands, press to
// release, carry one trace id. No DOM: the clock and the timers can be given (node's tests give their own).

import { sendDelay } from './rate-limit.js';
import { TIMEOUT, CONSOLE_UNREACHABLE } from './problems.js';
import { newTraceId, traceparent } from './trace.js';

export const HEARTBEAT_MS = 150;
export const LEASE_MS = 500;

/** A drive command ({direction}) or a velocity command ({linear, angular}), as one comparable key. */
const keyOf = (command) => (command.direction ? command.direction : `${command.linear.toFixed(3)},${command.angular.toFixed(3)}`);

/**
 * @param client the control client
 * @param ui { say(robot, result), pressed(robot, command|null, source|null), speedOf(robot), controlOf(robot, command, source) }
 * @param options transient: the problem kinds worth another try while the operator still holds (the cause may pass
 *   by itself: rate limited, backend or api unreachable); the others (e-stop latched, stale, superseded, bad input)
 *   would only be refused again, so the hold waits for its release, which sends the stop. stopDirection: the
 *   contract's name of a stop. now, timers: the clock.
 */
export function createHolds(client, ui, {
  transient: transientKinds = [],
  stopDirection,
  now = () => performance.now(),
  // Arrows: a browser's timer functions refuse to be called as another object's methods.
  timers = {
    every: (fn, ms) => setInterval(fn, ms),
    cancel: (id) => clearInterval(id),
    later: (fn, ms) => setTimeout(fn, ms),
    cancelLater: (id) => clearTimeout(id),
  },
} = {}) {
  const transient = new Set([...transientKinds, TIMEOUT, CONSOLE_UNREACHABLE]);
  const holds = new Map(); // robot -> hold
  const queues = new Map(); // robot -> promise: motions and stops leave in the order they were asked for

  function inOrder(robot, send) {
    const next = (queues.get(robot) ?? Promise.resolve()).then(send, send);
    queues.set(robot, next);
    return next;
  }

  function sendMotion(robot, hold) {
    const { command } = hold;
    const options = { control: ui.controlOf(robot, command, hold.source), trace: traceparent(hold.traceId) };
    return command.direction
      ? client.drive(robot, command.direction, ui.speedOf(robot), LEASE_MS, options)
      : client.velocity(robot, command.linear, command.angular, LEASE_MS, options);
  }

  // One request per hold at a time: a renewal that finds the previous one unanswered is skipped, never queued.
  async function pump(robot, hold) {
    if (hold.inFlight || hold.halted || holds.get(robot) !== hold) return;
    // Nothing leaves sooner than MIN_SEND_MS after the last request: a change waits for it, a renewal is not needed.
    const wait = sendDelay(hold.lastSent, now());
    if (wait > 0) {
      if (hold.resend && !hold.soon) hold.soon = timers.later(() => { hold.soon = 0; pump(robot, hold); }, wait);
      return;
    }
    hold.inFlight = true;
    hold.lastSent = now();
    try {
      let result;
      if (hold.resend) {
        hold.resend = false;
        result = await inOrder(robot, () => (holds.get(robot) === hold ? sendMotion(robot, hold) : null));
      } else {
        result = await client.heartbeat(robot, LEASE_MS, { trace: traceparent(hold.traceId) });
      }
      if (!result) return;
      // A refusal is shown even when the hold ended meanwhile: it answers what the operator did.
      if (holds.get(robot) !== hold) {
        if (!result.ok) ui.say(robot, result);
        return;
      }
      if (result.ok) {
        if (hold.refused) ui.say(robot, result); // the refusal has passed: clear it
        hold.refused = null;
        return;
      }
      // Shown, and the hold stays: the release still sends a stop.
      hold.refused = result;
      ui.say(robot, result);
      if (transient.has(result.kind)) hold.resend = true;
      else hold.halted = true;
    } finally {
      hold.inFlight = false;
      if (hold.resend && !hold.halted && holds.get(robot) === hold) pump(robot, hold);
    }
  }

  function end(robot) {
    const hold = holds.get(robot);
    if (!hold) return null;
    timers.cancel(hold.timer);
    timers.cancelLater(hold.soon);
    holds.delete(robot);
    ui.pressed(robot, null, null);
    return hold;
  }

  /** Starts holding a motion, or changes the one this source holds (a stick moving, a second key). */
  function hold(robot, command, source) {
    const current = holds.get(robot);
    if (current && current.source === source) {
      if (keyOf(current.command) === keyOf(command)) return;
      current.command = command;
      current.resend = true;
      current.halted = false;
      ui.pressed(robot, command, source);
      pump(robot, current);
      return;
    }
    if (current) end(robot); // another input takes over: its motion supersedes, no stop in between
    const next = {
      command, source, timer: 0, soon: 0, inFlight: false, resend: true, halted: false, refused: null, lastSent: -Infinity, traceId: newTraceId(),
    };
    holds.set(robot, next);
    ui.pressed(robot, command, source);
    next.timer = timers.every(() => pump(robot, next), HEARTBEAT_MS);
    pump(robot, next);
  }

  /** Stops the robot: always sent, held or not, refused or not; the release of a hold is in the hold's trace. */
  function stop(robot, options) {
    const ended = end(robot);
    const trace = traceparent(ended?.traceId ?? newTraceId());
    return inOrder(robot, async () => {
      const result = await client.drive(robot, stopDirection, undefined, undefined, { control: ui.controlOf(robot, null, 'stop'), trace, ...options });
      // A stop that worked leaves the reason the motion was refused on screen.
      if (!result.ok) ui.say(robot, result);
      return result;
    });
  }

  /** Ends the hold of one source (a key, the D-pad, a pad) with a stop; another source's hold is left alone. */
  function release(robot, source) {
    if (holds.get(robot)?.source === source) stop(robot);
  }

  return {
    hold,
    stop,
    release,
    sourceOf: (robot) => holds.get(robot)?.source ?? null,
    heldRobots: () => [...holds.keys()],
    /** A new speed applies at once to a drive in progress (the api takes it with the drive). */
    respeed(robot) {
      const current = holds.get(robot);
      if (!current?.command.direction) return;
      current.resend = true;
      current.halted = false;
      pump(robot, current);
    },
  };
}
