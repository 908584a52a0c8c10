// The hold state: a held control's motion is sent, renewed, resent after a passing refusal, and always ends in a stop,
// all commands of one hold in one trace. Clock and timers are the test's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHolds, HEARTBEAT_MS } from '../../../DualRobot.Frontend/wwwroot/js/holds.js';

function harness(answer = () => ({ ok: true, status: 200, kind: 'ok' })) {
  let time = 0;
  const intervals = new Map();
  let nextTimer = 1;
  const sent = [];
  const record = (name) => async (...args) => {
    sent.push({ name, args });
    return answer(name, args);
  };
  const client = { drive: record('drive'), velocity: record('velocity'), heartbeat: record('heartbeat') };
  const ui = { say() {}, pressed() {}, speedOf: () => 1, controlOf: () => null };
  const timers = {
    every: (fn) => { const id = nextTimer++; intervals.set(id, fn); return id; },
    cancel: (id) => intervals.delete(id),
    later: (fn, ms) => { const id = nextTimer++; intervals.set(id, () => { intervals.delete(id); fn(); }); void ms; return id; },
    cancelLater: (id) => intervals.delete(id),
  };
  const holds = createHolds(client, ui, { transient: ['rate-limited'], notMine: ['robot-in-use'], stopDirection: 'stop', now: () => time, timers });
  const settle = () => new Promise((resolve) => setImmediate(resolve));
  return {
    holds,
    sent,
    async tick(ms = HEARTBEAT_MS) {
      time += ms;
      for (const fn of [...intervals.values()]) fn();
      await settle();
    },
    settle,
  };
}

const traceOf = (call) => call.args.at(-1).trace.split('-')[1];

test('a hold sends its motion at once, then renews it, and its release sends a stop', async () => {
  const h = harness();
  h.holds.hold('Linus', { direction: 'forward' }, 'keys');
  await h.settle();
  await h.tick();
  await h.tick();
  h.holds.release('Linus', 'keys');
  await h.settle();

  assert.deepEqual(h.sent.map((c) => c.name), ['drive', 'heartbeat', 'heartbeat', 'drive']);
  assert.equal(h.sent[0].args[1], 'forward');
  assert.equal(h.sent.at(-1).args[1], 'stop');
  assert.deepEqual(h.holds.heldRobots(), []);
});

test('every command of one hold, press to release, carries the same trace id; the next hold another', async () => {
  const h = harness();
  h.holds.hold('Linus', { direction: 'forward' }, 'keys');
  await h.settle();
  await h.tick();
  h.holds.release('Linus', 'keys');
  await h.settle();
  h.holds.hold('Linus', { direction: 'left' }, 'keys');
  await h.settle();

  const [press, renewal, release, next] = h.sent;
  assert.equal(traceOf(renewal), traceOf(press));
  assert.equal(traceOf(release), traceOf(press));
  assert.notEqual(traceOf(next), traceOf(press));
});

test('a change of the held motion is sent no sooner than the rate limit allows', async () => {
  const h = harness();
  h.holds.hold('Linus', { linear: 0.5, angular: 0 }, 'stick');
  await h.settle();
  h.holds.hold('Linus', { linear: 0.6, angular: 0 }, 'stick');
  await h.settle();
  assert.deepEqual(h.sent.map((c) => c.name), ['velocity']);

  await h.tick(50);
  assert.deepEqual(h.sent.map((c) => c.name), ['velocity', 'velocity']);
  assert.equal(h.sent[1].args[1], 0.6);
});

test('a passing refusal sends the motion again; a lasting one waits for the release', async () => {
  let refuse = 'rate-limited';
  const h = harness((name) => (name === 'velocity' && refuse ? { ok: false, status: 429, kind: refuse } : { ok: true, status: 200, kind: 'ok' }));
  h.holds.hold('Linus', { linear: 0.5, angular: 0 }, 'stick');
  await h.settle();
  refuse = 'emergency-stop-latched';
  await h.tick(50);
  await h.tick();
  await h.tick();

  assert.deepEqual(h.sent.map((c) => c.name), ['velocity', 'velocity']);
  h.holds.release('Linus', 'stick');
  await h.settle();
  assert.equal(h.sent.at(-1).args[1], 'stop');
});

test('a stop goes through whether or not anything was held', async () => {
  const h = harness();
  await h.holds.stop('Torvalds');
  assert.deepEqual(h.sent.map((c) => [c.name, c.args[1]]), [['drive', 'stop']]);
});

const inUse = { ok: false, status: 409, kind: 'robot-in-use', message: 'Robot in use: in use by alice' };

test('a press the api refused as someone else\'s robot sends no stop when let go, nor when the page is lost', async () => {
  const h = harness((name, args) => (name === 'drive' && args[1] !== 'stop' ? inUse : { ok: true, status: 200, kind: 'ok' }));
  h.holds.hold('Linus', { direction: 'forward' }, 'keys');
  await h.settle();
  h.holds.release('Linus', 'keys');
  await h.settle();
  h.holds.hold('Linus', { direction: 'left' }, 'pointer');
  await h.settle();
  h.holds.letGo('Linus');
  await h.settle();

  assert.deepEqual(h.sent.map((c) => c.args[1]), ['forward', 'left']);
});

test('a release that comes before the answer waits for it: no stop after an in-use refusal, a stop after anything else', async () => {
  let answer;
  const h = harness(() => new Promise((resolve) => { answer = resolve; }));
  h.holds.hold('Linus', { direction: 'forward' }, 'keys');
  await h.settle(); // sent, not answered
  h.holds.release('Linus', 'keys');
  await h.settle();
  answer(inUse);
  await h.settle();
  assert.deepEqual(h.sent.map((c) => c.args[1]), ['forward']);

  h.holds.hold('Linus', { direction: 'forward' }, 'keys');
  await h.settle();
  h.holds.release('Linus', 'keys');
  await h.settle();
  answer({ ok: false, status: 409, kind: 'emergency-stop-latched' });
  await h.settle();
  answer({ ok: true, status: 200, kind: 'ok' });
  await h.settle();
  assert.deepEqual(h.sent.map((c) => c.args[1]), ['forward', 'forward', 'stop']);
});

test('a stop the operator asks for (Stop, Space, B) goes out even for a robot in someone else\'s hands', async () => {
  const h = harness((name, args) => (name === 'drive' && args[1] !== 'stop' ? inUse : { ok: true, status: 200, kind: 'ok' }));
  h.holds.hold('Linus', { direction: 'forward' }, 'keys');
  await h.settle();
  await h.holds.stop('Linus');
  assert.deepEqual(h.sent.map((c) => c.args[1]), ['forward', 'stop']);
});

test('a stop from elsewhere newer than the hold\'s motion ends the hold, with no stop of its own, and tells its input', async () => {
  const h = harness((name) => (name === 'drive' ? { ok: true, status: 200, kind: 'ok', version: 10 } : { ok: true, status: 200, kind: 'ok' }));
  const interrupted = [];
  h.holds.onInterrupted((robot, source) => interrupted.push([robot, source]));
  h.holds.hold('Linus', { direction: 'forward' }, 'keys');
  await h.settle();

  // A stop the page heard of that is older than its motion is not this hold's business.
  assert.equal(h.holds.stoppedElsewhere('Linus', { motion: 'stop', stoppedBy: 'bob', version: 9 }), false);
  assert.equal(h.holds.stoppedElsewhere('Linus', { motion: 'stop', stoppedBy: 'bob', version: 11 }), true);
  await h.tick();
  h.holds.release('Linus', 'keys');
  await h.settle();

  assert.deepEqual(h.sent.map((c) => c.name), ['drive']);
  assert.deepEqual(interrupted, [['Linus', 'keys']]);
  assert.deepEqual(h.holds.heldRobots(), []);
});

test('a motion that reached the robot after the stop that ended its hold is stopped after all', async () => {
  let late;
  const h = harness((name, args) => (name === 'velocity' && args[1] === 0.6
    ? new Promise((resolve) => { late = resolve; })
    : { ok: true, status: 200, kind: 'ok', version: 10 }));
  h.holds.hold('Linus', { linear: 0.5, angular: 0 }, 'stick');
  await h.settle(); // answered: version 10
  h.holds.hold('Linus', { linear: 0.6, angular: 0 }, 'stick');
  await h.tick(50); // sent, not answered yet
  // A stop by bob (version 11) arrives; then the answer says version 12: the motion reached the robot after it.
  assert.equal(h.holds.stoppedElsewhere('Linus', { motion: 'stop', stoppedBy: 'bob', version: 11 }), true);
  late({ ok: true, status: 200, kind: 'ok', version: 12 });
  await h.settle();

  assert.deepEqual(h.sent.map((c) => [c.name, c.args[1]]), [['velocity', 0.5], ['velocity', 0.6], ['drive', 'stop']]);
});
