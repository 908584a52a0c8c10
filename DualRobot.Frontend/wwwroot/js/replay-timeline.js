// The replay's logic, without the page: a recording's entries (GET /recordings/{id}) become each robot's track, the
// drivers' stretches, the events on the timeline and the activity as of the playhead. Times are epoch milliseconds.
// Pure functions, tested under node (DualRobot.Tests/Frontend/Scripts/replay-timeline.test.mjs).

import { lerpAngle } from './arena-view.js';

/** The playback speeds the page offers, slowest first. */
export const SPEEDS = [0.5, 1, 2, 4, 8];

/** Kinds of what the timeline marks, in the order the legend lists them. */
export const EVENT_KINDS = ['stop', 'deadman', 'estop', 'take-over', 'refusal'];

/** The letter marking each kind on the timeline (the legend under it says which is which). */
export const EVENT_LETTERS = { stop: 'S', deadman: 'D', estop: 'E', 'take-over': 'T', refusal: 'R' };

/** What each kind is called. */
export const EVENT_LABELS = {
  stop: 'Stop',
  deadman: 'Deadman stop',
  estop: 'Emergency stop',
  'take-over': 'Take-over',
  refusal: 'Refused',
};

/** One colour per person driving, in the order they first drive; nobody (an idle robot) is grey. */
export const DRIVER_PALETTE = ['#1a73e8', '#e8710a', '#8e24aa', '#00897b', '#d81b60', '#5d4037', '#3949ab', '#7cb342'];
export const NOBODY_COLOUR = '#9aa0a6';

const STOP = 'stop';
const ACCEPTED = 'accepted';

/** A speed the page offers; anything else is normal speed. */
export function speedOf(value) {
  const speed = Number(value);
  return SPEEDS.includes(speed) ? speed : 1;
}

/** Where the playhead is after elapsedMs of wall time at a speed; it stops at the end. */
export function advance(t, elapsedMs, speed, end) {
  const next = t + Math.max(0, elapsedMs) * speedOf(speed);
  return next >= end ? { t: end, ended: true } : { t: next, ended: false };
}

const clamp = (value, low, high) => Math.min(high, Math.max(low, value));

/** The playhead's place on the timeline, 0..1. */
export function fractionOf(t, start, end) {
  return end > start ? clamp((t - start) / (end - start), 0, 1) : 0;
}

/** The time at a place on the timeline (0..1). */
export function timeAt(fraction, start, end) {
  return start + clamp(Number(fraction) || 0, 0, 1) * Math.max(0, end - start);
}

/** The index of the last time at or before t in ascending times; -1 when t is before them all. */
export function indexAt(times, t) {
  let low = 0;
  let high = times.length - 1;
  let found = -1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (times[middle] <= t) {
      found = middle;
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  return found;
}

/** Each robot's states in time order: { name, times, poses, drivers, motions, latched }, by robot name. */
export function tracksOf(entries) {
  const tracks = new Map();
  for (const entry of entries) {
    const state = entry.state;
    if (!state?.pose) continue;
    let track = tracks.get(state.robot);
    if (!track) {
      track = { name: state.robot, times: [], poses: [], drivers: [], motions: [], latched: [] };
      tracks.set(state.robot, track);
    }
    track.times.push(Date.parse(entry.time));
    track.poses.push({ x: state.pose.x, y: state.pose.y, heading: state.pose.heading });
    track.drivers.push(state.driver ?? null);
    track.motions.push(state.motion);
    track.latched.push(Boolean(state.emergencyStopLatched));
  }
  return tracks;
}

/**
 * The robot's pose at t: between two states of a motion it moves on a straight line (the api publishes a pose
 * every 100 ms while moving); after a stop it stands where it stopped until the next state. Null before its first.
 */
export function poseAt(track, t) {
  const i = indexAt(track.times, t);
  if (i < 0) return null;
  const from = track.poses[i];
  if (i === track.times.length - 1 || track.motions[i] === STOP) return { ...from, index: i };
  const to = track.poses[i + 1];
  const f = (t - track.times[i]) / (track.times[i + 1] - track.times[i]);
  return {
    x: from.x + (to.x - from.x) * f,
    y: from.y + (to.y - from.y) * f,
    heading: lerpAngle(from.heading, to.heading, f),
    index: i,
  };
}

/** Who drove the robot at t (null: nobody, or before its first state). */
export function driverAt(track, t) {
  const i = indexAt(track.times, t);
  return i < 0 ? null : track.drivers[i];
}

/**
 * The track cut where the driver changes: [{ driver, from, to, first, last }] (times; first/last index the states,
 * each stretch sharing its first state with the end of the one before, so the drawn path has no gaps).
 */
export function stretchesOf(track) {
  const stretches = [];
  for (let i = 0; i < track.times.length; i++) {
    const current = stretches.at(-1);
    if (current && current.driver === track.drivers[i]) {
      current.to = track.times[i];
      current.last = i;
      continue;
    }
    if (current) {
      current.to = track.times[i];
      current.last = i;
    }
    stretches.push({ driver: track.drivers[i], from: track.times[i], to: track.times[i], first: i, last: i });
  }
  return stretches;
}

/** A colour per person, kept for the page's life: the same driver is the same colour on every stretch and robot. */
export function createDriverColours(palette = DRIVER_PALETTE) {
  const assigned = new Map();
  return (driver) => {
    if (!driver) return NOBODY_COLOUR;
    const key = driver.toLowerCase();
    if (!assigned.has(key)) assigned.set(key, palette[assigned.size % palette.length]);
    return assigned.get(key);
  };
}

function describe(kind, robot, user, reason) {
  const who = [robot, user].filter(Boolean).join(', ');
  return `${EVENT_LABELS[kind]}${who ? ` (${who})` : ''}${reason ? `: ${reason}` : ''}`;
}

function fromAudit(entry) {
  const event = entry.event;
  const time = Date.parse(entry.time);
  let kind = null;
  let reason = null;
  if (event.outcome !== ACCEPTED) {
    kind = 'refusal';
    reason = event.detail ? `${event.outcome}: ${event.detail}` : event.outcome;
  } else if (event.action === 'estop') {
    kind = 'estop';
  } else if (event.action === 'take-control') {
    kind = 'take-over';
  } else if (event.action === STOP || (event.action === 'drive' && event.parameters?.direction === STOP)) {
    kind = 'stop';
  }
  if (!kind) return null;
  const refusedAction = kind === 'refusal' ? `${event.action} ${reason}` : reason;
  return { time, kind, robot: event.robot ?? null, user: event.user, action: event.action, reason, label: describe(kind, event.robot, event.user, refusedAction) };
}

/**
 * What the timeline marks, in time order: stops, e-stops, take-overs and refusals (with their reason) from the audit
 * records; deadman stops from the states: a motion that ended with no audited command behind it (its trace is none
 * of the audit records', as the deadman's own span is not one) while no e-stop is latched. A fleet-wide record (the
 * e-stop) is in each robot's recording: it is listed once.
 */
export function eventsOf(entries) {
  const events = [];
  const seen = new Set();
  const moving = new Map();
  const commanded = new Set(entries.filter((entry) => entry.event && entry.traceId).map((entry) => entry.traceId));
  for (const entry of entries) {
    if (entry.event) {
      const marked = fromAudit(entry);
      if (!marked) continue;
      const key = `${marked.time}|${marked.action}|${marked.user}|${marked.robot}|${entry.event.outcome}`;
      if (seen.has(key)) continue;
      seen.add(key);
      events.push(marked);
    } else if (entry.state) {
      const state = entry.state;
      const wasMoving = moving.get(state.robot) ?? false;
      const isMoving = state.motion !== STOP;
      moving.set(state.robot, isMoving);
      if (wasMoving && !isMoving && !commanded.has(entry.traceId) && !state.emergencyStopLatched) {
        // A lost link to the robot is a stop of the same kind (the api's safe state), and says so.
        const why = state.connected === false ? 'the link to the robot was lost, the api stopped it' : 'stopped by the api, no command behind it';
        events.push({
          time: Date.parse(entry.time), kind: 'deadman', robot: state.robot, user: state.driver ?? null, action: 'deadman', reason: null,
          label: describe('deadman', state.robot, state.driver, why),
        });
      }
    }
  }
  return events.sort((a, b) => a.time - b.time);
}

/** The activity as of the playhead: the events up to t, newest first. */
export function activityAt(events, t) {
  const upTo = indexAt(events.map((e) => e.time), t);
  return events.slice(0, upTo + 1).reverse();
}

/** Entries of several recordings as one, in time order (stable: at one instant, the order they came in). */
export function mergeEntries(recordings) {
  return recordings
    .flatMap((recording, r) => recording.entries.map((entry, i) => ({ entry, at: Date.parse(entry.time), r, i })))
    .sort((a, b) => a.at - b.at || a.r - b.r || a.i - b.i)
    .map((item) => item.entry);
}

/** A link to a moment of a session: the page's path with ?session=&t= (seconds from the session's start). */
export function momentHref(path, session, offsetMs) {
  const seconds = Math.max(0, Math.round(offsetMs) / 1000);
  return `${path}?session=${encodeURIComponent(session)}&t=${seconds.toFixed(3)}`;
}

/** The moment a link names: { session, offsetMs }, or null when it names no session. */
export function parseMoment(search) {
  const query = new URLSearchParams(search);
  const session = query.get('session');
  if (!session || !/^[1-9][0-9]*$/.test(session)) return null;
  const seconds = Number(query.get('t'));
  return { session, offsetMs: Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 0 };
}

/** "m:ss.s" from the start of the session. */
export function formatOffset(ms) {
  const tenths = Math.max(0, Math.floor(ms / 100));
  const minutes = Math.floor(tenths / 600);
  const seconds = (tenths % 600) / 10;
  return `${minutes}:${seconds.toFixed(1).padStart(4, '0')}`;
}
