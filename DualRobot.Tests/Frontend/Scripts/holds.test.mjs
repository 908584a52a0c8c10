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
  const holds = createHolds(client, ui, { transient: ['rate-limited'], stopDirection: 'stop', now: () => time, timers });
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
