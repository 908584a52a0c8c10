// Both: a hold of the group key goes to the group's routes in the chosen mode (a stop in none), a robot's to the
// robot's; a group drives at its slowest member's speed; and a whole hold of the group — motion, renewals, the stop on
// release — goes to the group, as a robot's hold goes to the robot.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ALL, createTargetClient, groupKey, groupOf, groupSpeed } from '../../../DualRobot.Frontend/wwwroot/js/group-target.js';
import { createHolds, HEARTBEAT_MS } from '../../../DualRobot.Frontend/wwwroot/js/holds.js';

function recordingClient() {
  const sent = [];
  const record = (name) => async (...args) => {
    sent.push({ name, args: args.slice(0, -1) });
    return { ok: true, status: 200, kind: 'ok' };
  };
  const names = ['drive', 'velocity', 'heartbeat', 'groupDrive', 'groupVelocity', 'groupHeartbeat'];
  return { sent, client: Object.fromEntries(names.map((name) => [name, record(name)])) };
}

test('a group key names its group, a robot name none', () => {
  assert.equal(groupOf(groupKey(ALL)), 'all');
  assert.equal(groupOf('Linus'), null);
  assert.equal(groupOf(undefined), null);
});

test('a group drives at its slowest member speed, and at full speed only when a member has no slider', () => {
  assert.equal(groupSpeed([0.8, 0.5]), 0.5);
  assert.equal(groupSpeed([0.8, undefined]), undefined);
  assert.equal(groupSpeed([]), undefined);
});

test('a robot key goes to the robot routes, a group key to the group routes in the chosen mode, a stop in none', async () => {
  const { sent, client } = recordingClient();
  let mode = 'mirror';
  const target = createTargetClient(client, { modeOf: () => mode, stopDirection: 'stop' });
  const all = groupKey(ALL);

  await target.drive('Linus', 'forward', 0.5, 500, {});
  await target.velocity(all, 0.3, 0.4, 500, {});
  mode = 'follow';
  await target.drive(all, 'forward', 0.6, 500, {});
  await target.heartbeat(all, 500, {});
  await target.drive(all, 'stop', undefined, undefined, {});
  await target.heartbeat('Torvalds', 500, {});

  assert.deepEqual(sent, [
    { name: 'drive', args: ['Linus', 'forward', 0.5, 500] },
    { name: 'groupVelocity', args: ['all', 'mirror', 0.3, 0.4, 500] },
    { name: 'groupDrive', args: ['all', 'follow', 'forward', 0.6, 500] },
    { name: 'groupHeartbeat', args: ['all', 500] },
    { name: 'groupDrive', args: ['all', undefined, 'stop', undefined, undefined] },
    { name: 'heartbeat', args: ['Torvalds', 500] },
  ]);
});

test('a hold of the group sends its motion, renews it with the group heartbeat and ends in the group stop', async () => {
  const { sent, client } = recordingClient();
  const intervals = new Map();
  let nextTimer = 1;
  let time = 0;
  const timers = {
    every: (fn) => { const id = nextTimer++; intervals.set(id, fn); return id; },
    cancel: (id) => intervals.delete(id),
    later: (fn) => { const id = nextTimer++; intervals.set(id, () => { intervals.delete(id); fn(); }); return id; },
    cancelLater: (id) => intervals.delete(id),
  };
  const said = [];
  const ui = { say: (key, result) => said.push([key, result]), pressed() {}, speedOf: () => 0.5, controlOf: () => null };
  const target = createTargetClient(client, { modeOf: () => 'together', stopDirection: 'stop' });
  const holds = createHolds(target, ui, { stopDirection: 'stop', now: () => time, timers });
  const settle = () => new Promise((resolve) => setImmediate(resolve));
  const all = groupKey(ALL);

  holds.hold(all, { direction: 'forward' }, 'keys');
  await settle();
  time += HEARTBEAT_MS;
  for (const fn of [...intervals.values()]) fn();
  await settle();
  holds.release(all, 'keys');
  await settle();

  assert.deepEqual(sent.map(({ name, args }) => [name, ...args.slice(0, 3)]), [
    ['groupDrive', 'all', 'together', 'forward'],
    ['groupHeartbeat', 'all', 500],
    ['groupDrive', 'all', undefined, 'stop'],
  ]);
  assert.equal(sent.some(({ name }) => !name.startsWith('group')), false);
});
