// What a robot's card says for a state: each text, what produces it and what clears it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { blockOf, capOf, capText, connectionText, driverNotice, estimateText, limitText, motionText, noticeHolds, speedText } from '../../../DualRobot.Frontend/wwwroot/js/card-text.js';
import { clock } from '../../../DualRobot.Frontend/wwwroot/js/time-format.js';

const up = { streamUp: true, apiReachable: true };
const linus = { name: 'Linus', connected: true, motion: 'forward', speed: 1, left: 1, right: 1, atWall: false, emergencyStopLatched: false };

test('motion is what the wheels were told, "at the wall" while the estimate is pressed against one', () => {
  assert.equal(motionText(linus, up), 'forward');
  assert.equal(motionText({ ...linus, atWall: true }, up), 'forward · at the wall');
  assert.equal(motionText({ ...linus, motion: 'velocity', left: 0.1, right: 0.25 }, up), 'velocity 10 % / 25 %');
});

test('motion is unknown while the api or the console is unreachable: the last known is not the robot now', () => {
  assert.equal(motionText(linus, { streamUp: true, apiReachable: false }), 'unknown');
  assert.equal(motionText(linus, { streamUp: false, apiReachable: true }), 'unknown');
  assert.deepEqual(connectionText(linus, { streamUp: true, apiReachable: false }), ['unknown', 'unknown: api unreachable']);
});

test("speed names the next drive's when the slider says another", () => {
  assert.equal(speedText(linus, 100), '100 %');
  assert.equal(speedText(linus, 10), '100 % · next drive 10 %');
  assert.equal(speedText({ ...linus, speed: null }, null), 'full (no PWM)');
});

test('driving is off, and says why, in order of what must come back first', () => {
  assert.equal(blockOf(linus, { streamUp: false, apiReachable: false })[0], 'console');
  assert.equal(blockOf(linus, { streamUp: true, apiReachable: false })[0], 'api');
  assert.equal(blockOf({ ...linus, connected: false }, up)[0], 'backend');
  assert.equal(blockOf({ ...linus, emergencyStopLatched: true }, up)[0], 'estop');
  assert.deepEqual(blockOf(linus, up), ['', '']);
});

test('a driver is told who stopped their robot, until they drive it again', () => {
  const stopped = { ...linus, motion: 'stop', driver: 'alice', stoppedBy: 'bob' };
  assert.equal(driverNotice(stopped, 'alice', 'alice'), 'Linus was stopped by bob: let go and press again to drive.');
  assert.equal(driverNotice(stopped, 'bob', 'alice'), null); // bob is not told of his own stop
  assert.equal(driverNotice({ ...stopped, stoppedBy: 'alice' }, 'alice', 'alice'), null);
  assert.equal(noticeHolds(stopped, 'alice'), true);
  assert.equal(noticeHolds({ ...linus, driver: 'alice' }, 'alice'), false);
});

test('a driver is told of a take-over, and of someone else driving once their claim lapsed', () => {
  const taken = { ...linus, motion: 'stop', driver: 'sue', stoppedBy: 'sue' };
  assert.match(driverNotice(taken, 'otto', 'otto'), /^sue took control of Linus and stopped it/);
  assert.match(driverNotice({ ...linus, driver: 'sue' }, 'otto', 'otto'), /^sue drives Linus now/);
  assert.equal(driverNotice(taken, 'sue', 'otto'), null);
});

test('times are in UTC and say so', () => {
  assert.equal(clock('2026-11-30T17:56:19.125+00:00'), '17:56:19 UTC');
  assert.equal(clock('2026-11-30T18:56:19+01:00'), '17:56:19 UTC');
});

const envelope = { limit: 'none', zone: null, scale: 1, slowMode: false, maxSpeed: { operator: 1, supervisor: 1 }, estimated: false, zonesVersion: 1 };

test("the speed names the cap of the looker's role when there is one, and slow mode", () => {
  assert.equal(speedText({ ...linus, envelope }, 100, 'operator'), '100 %');
  const slow = { ...linus, envelope: { ...envelope, slowMode: true, maxSpeed: { operator: 0.3, supervisor: 0.3 } } };
  assert.equal(speedText(slow, 100, 'operator'), '100 % · cap 30 % (slow mode)');
  const roles = { ...linus, envelope: { ...envelope, maxSpeed: { operator: 0.5, supervisor: 1 } } };
  assert.equal(speedText(roles, 100, 'operator'), '100 % · cap 50 %');
  assert.equal(speedText(roles, 100, 'supervisor'), '100 %');
  // A viewer drives nothing: the lowest cap of those who drive.
  assert.equal(capText(roles, 'viewer'), '50 %');
  assert.equal(capText(roles, null), '50 %');
  // Only full speed and a cap below it: that role can't drive the robot at all.
  assert.equal(speedText({ ...linus, speed: null, envelope: { ...envelope, maxSpeed: { operator: 0, supervisor: 1 } } }, null, 'operator'), "full (no PWM) · cap can't drive now");
  assert.equal(capOf({ ...linus }, 'operator'), null);
  assert.equal(capText({ ...linus }, 'operator'), '');
});

test('the card says what held the last motion back, and how much', () => {
  assert.equal(limitText({ ...linus, envelope }), '');
  assert.equal(limitText({ ...linus, envelope: { ...envelope, limit: 'keep-out', zone: 'Desk', scale: 0.42 } }), 'Last motion held back to stop short of zone Desk (42 % of the speed asked).');
  assert.equal(limitText({ ...linus, envelope: { ...envelope, limit: 'keep-out', zone: 'Desk' } }), 'Last motion held back to stop short of zone Desk.');
  assert.equal(limitText({ ...linus, envelope: { ...envelope, limit: 'arena' } }), "Last motion held back to stop short of the arena's edge.");
  assert.equal(limitText({ ...linus, envelope: { ...envelope, limit: 'slow-mode', scale: 0.3 } }), 'Last motion capped by slow mode (30 % of the speed asked).');
  assert.equal(limitText({ ...linus, envelope: { ...envelope, limit: 'role', scale: 0.5 } }), "Last motion capped at its driver's role's speed (50 % of the speed asked).");
  assert.equal(limitText(linus), '');
});

test('where the pose is estimated, the card says the zones are kept only as well as the estimate', () => {
  assert.equal(estimateText({ ...linus, envelope }), '');
  assert.equal(estimateText({ ...linus, envelope: { ...envelope, estimated: true } }), "Linus's pose is estimated: keep-out zones are kept only as well as that estimate, which drifts.");
});
