// The replay's logic: timeline maths, the playhead's state, speed, the drivers' colours and stretches, the events
// marked on the timeline and the activity as of the playhead, and the moment's link.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  activityAt, advance, createDriverColours, DRIVER_PALETTE, driverAt, EVENT_KINDS, EVENT_LABELS, EVENT_LETTERS, eventsOf, formatOffset, fractionOf, indexAt,
  mergeEntries, momentHref, NOBODY_COLOUR, parseMoment, poseAt, speedOf, SPEEDS, stretchesOf, timeAt, tracksOf,
} from '../../../DualRobot.Frontend/wwwroot/js/replay-timeline.js';

const T0 = Date.parse('2026-12-07T20:00:00Z');
const at = (ms) => new Date(T0 + ms).toISOString();
const state = (ms, robot, x, motion, driver, extra = {}) => ({
  time: at(ms), kind: 'state', ...(extra.traceId ? { traceId: extra.traceId } : {}),
  state: { robot, version: ms, pose: { x, y: 0, heading: 0 }, motion, driver, emergencyStopLatched: extra.latched ?? false, connected: extra.connected ?? true },
});
const event = (ms, action, outcome = 'accepted', extra = {}) => ({
  time: at(ms), kind: 'event', ...(extra.traceId ? { traceId: extra.traceId } : {}), event: { user: extra.user ?? 'otto', robot: 'robot' in extra ? extra.robot : 'Linus', action, outcome, detail: extra.detail ?? null, parameters: extra.parameters ?? null },
});

test('the timeline maps time to a place and back, clamped to the session', () => {
  assert.equal(fractionOf(T0 + 2500, T0, T0 + 10_000), 0.25);
  assert.equal(fractionOf(T0 - 1, T0, T0 + 10_000), 0);
  assert.equal(fractionOf(T0 + 20_000, T0, T0 + 10_000), 1);
  assert.equal(fractionOf(T0, T0, T0), 0);
  assert.equal(timeAt(0.5, T0, T0 + 10_000), T0 + 5000);
  assert.equal(timeAt(2, T0, T0 + 10_000), T0 + 10_000);
  assert.equal(timeAt('nonsense', T0, T0 + 10_000), T0);
});

test('the playhead finds the last state at or before it', () => {
  const times = [10, 20, 20, 30, 50];
  assert.equal(indexAt(times, 5), -1);
  assert.equal(indexAt(times, 10), 0);
  assert.equal(indexAt(times, 20), 2);
  assert.equal(indexAt(times, 49), 3);
  assert.equal(indexAt(times, 500), 4);
  assert.equal(indexAt([], 1), -1);
});

test('play advances by the elapsed time times the speed, and ends at the end', () => {
  assert.deepEqual(SPEEDS, [0.5, 1, 2, 4, 8]);
  assert.deepEqual(advance(0, 100, '0.5', 1000), { t: 50, ended: false });
  assert.deepEqual(advance(0, 100, 8, 1000), { t: 800, ended: false });
  assert.deepEqual(advance(900, 100, 4, 1000), { t: 1000, ended: true });
  assert.equal(speedOf('16'), 1, 'a speed the page does not offer plays at normal speed');
  assert.equal(speedOf('2'), 2);
  assert.deepEqual(advance(0, -50, 1, 1000), { t: 0, ended: false });
});

test('a moving robot is interpolated between two states; a stopped one stands where it stopped', () => {
  const track = tracksOf([
    state(0, 'Linus', 0, 'forward', 'otto'),
    state(100, 'Linus', 0.1, 'forward', 'otto'),
    state(200, 'Linus', 0.2, 'stop', 'otto'),
    state(5000, 'Linus', 0.2, 'forward', 'sue'),
    state(5100, 'Linus', 0.3, 'stop', 'sue'),
  ]).get('Linus');
  assert.equal(poseAt(track, T0 - 1), null);
  assert.ok(Math.abs(poseAt(track, T0 + 50).x - 0.05) < 1e-9);
  assert.equal(poseAt(track, T0 + 3000).x, 0.2);
  assert.equal(poseAt(track, T0 + 9999).x, 0.3);
  assert.equal(driverAt(track, T0 + 3000), 'otto');
  assert.equal(driverAt(track, T0 + 5050), 'sue');
  assert.equal(driverAt(track, T0 - 5), null);
});

test('the drivers\' stretches meet where the driver changes, each driver one colour on every robot', () => {
  const track = tracksOf([
    state(0, 'Linus', 0, 'forward', 'otto'),
    state(100, 'Linus', 0.1, 'stop', 'otto'),
    state(200, 'Linus', 0.1, 'forward', 'sue'),
    state(300, 'Linus', 0.2, 'stop', null),
  ]).get('Linus');
  const stretches = stretchesOf(track);
  assert.deepEqual(stretches.map((s) => [s.driver, s.from - T0, s.to - T0, s.first, s.last]),
    [['otto', 0, 200, 0, 2], ['sue', 200, 300, 2, 3], [null, 300, 300, 3, 3]]);

  const colourOf = createDriverColours();
  assert.equal(colourOf('sue'), DRIVER_PALETTE[0]);
  assert.equal(colourOf('otto'), DRIVER_PALETTE[1]);
  assert.equal(colourOf('Sue'), DRIVER_PALETTE[0], 'a name is the same person whatever its case');
  assert.equal(colourOf(null), NOBODY_COLOUR);
});

test('the timeline marks stops, deadman stops, e-stops, take-overs and refusals with their reason', () => {
  const entries = [
    state(0, 'Linus', 0, 'forward', 'otto', { traceId: 'a' }),
    event(0, 'drive'),
    state(500, 'Linus', 0.1, 'stop', 'otto', { traceId: 'deadman-span' }), // the lease ran out: the deadman's own trace
    state(500, 'Linus', 0.1, 'stop', 'otto'),
    state(600, 'Linus', 0.1, 'forward', 'otto', { traceId: 'b' }),
    state(700, 'Linus', 0.2, 'stop', 'otto', { traceId: 'c' }),
    event(700, 'stop', 'accepted', { traceId: 'c' }),
    event(800, 'drive', 'in_use', { user: 'sue', detail: 'Linus is driven by otto.' }),
    state(850, 'Linus', 0.2, 'forward', 'otto', { traceId: 'g' }),
    state(900, 'Linus', 0.2, 'stop', 'sue', { traceId: 'd' }),
    event(900, 'take-control', 'accepted', { user: 'sue', traceId: 'd' }),
    state(1000, 'Linus', 0.2, 'forward', 'sue', { traceId: 'e' }),
    state(1050, 'Linus', 0.25, 'stop', 'sue', { connected: false }), // no trace at all: the api's safe state, link lost
    state(1060, 'Linus', 0.25, 'forward', 'sue', { traceId: 'h' }),
    state(1100, 'Linus', 0.3, 'stop', 'sue', { traceId: 'f', latched: true }),
    event(1100, 'estop', 'accepted', { user: 'sue', robot: null }),
    event(1100, 'estop', 'accepted', { user: 'sue', robot: null }), // the same record from the other robot's recording
    event(1200, 'heartbeat'),
  ];
  const events = eventsOf(entries);
  assert.deepEqual(events.map((e) => [e.time - T0, e.kind]),
    [[500, 'deadman'], [700, 'stop'], [800, 'refusal'], [900, 'take-over'], [1050, 'deadman'], [1100, 'estop']]);
  const refusal = events.find((e) => e.kind === 'refusal');
  assert.equal(refusal.reason, 'in_use: Linus is driven by otto.');
  assert.match(refusal.label, /^Refused \(Linus, sue\): drive in_use: Linus is driven by otto\.$/);
  assert.equal(events[0].user, 'otto');
  assert.match(events[0].label, /no command behind it$/);
  assert.match(events[4].label, /the link to the robot was lost/);
  for (const kind of EVENT_KINDS) assert.ok(EVENT_LETTERS[kind] && EVENT_LABELS[kind], `${kind} has a letter and a name`);
  assert.equal(new Set(Object.values(EVENT_LETTERS)).size, EVENT_KINDS.length, 'no two kinds share a letter');
});

test('the activity follows the playhead: what happened up to it, newest first', () => {
  const events = [{ time: 1, kind: 'stop' }, { time: 5, kind: 'refusal' }, { time: 9, kind: 'estop' }];
  assert.deepEqual(activityAt(events, 0), []);
  assert.deepEqual(activityAt(events, 5).map((e) => e.kind), ['refusal', 'stop']);
  assert.deepEqual(activityAt(events, 100).map((e) => e.kind), ['estop', 'refusal', 'stop']);
});

test('several recordings merge in time order, keeping the order of one instant', () => {
  const a = { entries: [state(0, 'Linus', 0, 'forward', 'otto'), event(200, 'stop')] };
  const b = { entries: [state(100, 'Torvalds', 0, 'forward', 'sue'), state(200, 'Torvalds', 0, 'stop', 'sue')] };
  assert.deepEqual(mergeEntries([a, b]).map((e) => [Date.parse(e.time) - T0, e.kind]),
    [[0, 'state'], [100, 'state'], [200, 'event'], [200, 'state']]);
});

test('a moment link names the session and the seconds into it, and opens there', () => {
  const href = momentHref('/Replay', 42, 3250.4);
  assert.equal(href, '/Replay?session=42&t=3.250');
  assert.deepEqual(parseMoment(href.slice(href.indexOf('?'))), { session: '42', offsetMs: 3250 });
  assert.deepEqual(parseMoment('?session=7'), { session: '7', offsetMs: 0 });
  assert.deepEqual(parseMoment('?session=7&t=-3'), { session: '7', offsetMs: 0 });
  assert.equal(parseMoment('?session=abc&t=1'), null);
  assert.equal(parseMoment(''), null);
  assert.equal(formatOffset(0), '0:00.0');
  assert.equal(formatOffset(65_430), '1:05.4');
});
