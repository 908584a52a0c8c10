// Hold-to-move: while a control is held its motion is renewed with heartbeats (the api's deadman stops a robot whose
// renewals stop); letting go sends a stop, whatever the api answered meanwhile, except when the api said the robot is
// someone else's (in use): that hold never moved it, and its stop would only stop the other driver. One hold per
// robot; every input (D-pad, keys, gamepad, joystick) goes through here. A hold is one operator action: its commands,
// press to release, carry one trace id. A hold that ends other than by its own release (a stop from elsewhere, the
// robot blocked, Space, the page lost) tells its input (onInterrupted), which must be let go and pressed again to
// drive. No DOM: the clock and the timers can be given (node's tests give their own).

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
 *   would only be refused again, so the hold waits for its release, which sends the stop. notMine: the kinds that
 *   say the robot is someone else's (in use): a hold whose last answer was one ends without a stop. stopDirection:
 *   the contract's name of a stop. now, timers: the clock.
 */
export function createHolds(client, ui, {
  transient: transientKinds = [],
  notMine: notMineKinds = [],
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
  const notMine = new Set(notMineKinds);
  const holds = new Map(); // robot -> hold
  const interrupted = []; // listeners (robot, source)
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
      const sentMotion = hold.resend;
      if (hold.resend) {
        hold.resend = false;
        result = await inOrder(robot, () => (holds.get(robot) === hold ? sendMotion(robot, hold) : null));
      } else {
        result = await client.heartbeat(robot, LEASE_MS, { trace: traceparent(hold.traceId) });
      }
      if (!result) return;
      hold.notMine = !result.ok && notMine.has(result.kind);
      // The state version of the motion the api applied: a stop newer than it came from elsewhere.
      if (result.ok && sentMotion && result.version != null) hold.movedAt = result.version;
      // A refusal is shown even when the hold ended meanwhile: it answers what the operator did.
      if (holds.get(robot) !== hold) {
        if (!result.ok) ui.say(robot, result);
        // A motion that reached the robot after the stop that ended its hold: stopped after all.
        else if (sentMotion && result.version > hold.stoppedAt) sendStop(robot, hold, undefined, true);
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
      notMine: false, movedAt: null, stoppedAt: Infinity,
    };
    holds.set(robot, next);
    ui.pressed(robot, command, source);
    next.timer = timers.every(() => pump(robot, next), HEARTBEAT_MS);
    pump(robot, next);
  }

  function interrupt(robot, ended) {
    if (ended) for (const listener of interrupted) listener(robot, ended.source);
  }

  // Sends the stop that ends a hold (or an explicit one, with no hold), in order after the hold's last motion, so
  // the answer to that motion is in when it decides. A hold the api refused as someone else's sends none.
  function sendStop(robot, ended, options, always) {
    const trace = traceparent(ended?.traceId ?? newTraceId());
    return inOrder(robot, async () => {
      if (!always && ended?.notMine) return null;
      const result = await client.drive(robot, stopDirection, undefined, undefined, { control: ui.controlOf(robot, null, 'stop'), trace, ...options });
      // A stop that worked leaves the reason the motion was refused on screen.
      if (!result.ok) ui.say(robot, result);
      return result;
    });
  }

  /** Stops the robot: always sent, held or not, refused or not (Stop, Space, B); a hold ended so is in its trace. */
  function stop(robot, options) {
    const ended = end(robot);
    interrupt(robot, ended);
    return sendStop(robot, ended, options, true);
  }

  /**
   * Ends whatever holds the robot because the page lost the operator or the robot can't be driven (blur, hidden,
   * closed, blocked): a stop, unless the api said the robot is someone else's.
   */
  function letGo(robot, options) {
    const ended = end(robot);
    interrupt(robot, ended);
    return ended ? sendStop(robot, ended, options, false) : Promise.resolve(null);
  }

  /** Ends the hold of one source (a key, the D-pad, a pad) with a stop; another source's hold is left alone. */
  function release(robot, source) {
    const current = holds.get(robot);
    if (current?.source !== source) return;
    end(robot);
    sendStop(robot, current, undefined, false);
  }

  /**
   * A state of the robot says someone stopped it (stoppedBy): if that is newer than the hold's last motion the api
   * applied, the stop came from elsewhere, so the hold ends, with no stop of its own (the robot stands; another
   * would only say it was this page's), and its input must be pressed again to drive. True when a hold ended.
   */
  function stoppedElsewhere(robot, state) {
    const current = holds.get(robot);
    if (!current || state.motion !== stopDirection || !state.stoppedBy || current.movedAt == null || !(state.version > current.movedAt)) return false;
    current.stoppedAt = state.version;
    end(robot);
    interrupt(robot, current);
    return true;
  }

  return {
    hold,
    stop,
    letGo,
    release,
    stoppedElsewhere,
    /** Listens for holds that ended other than by their own release: (robot, source). */
    onInterrupted: (listener) => interrupted.push(listener),
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
