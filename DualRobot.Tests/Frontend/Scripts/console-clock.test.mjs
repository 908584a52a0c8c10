// The page's estimate of the console's clock, from which it names when it gives up on a command.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createConsoleClock } from '../../../DualRobot.Frontend/wwwroot/js/console-clock.js';

test('before any console event there is no deadline to name', () => {
  const clock = createConsoleClock(() => 0);
  assert.equal(clock.deadline(1000), null);
});

test('the deadline is the console time of the event plus the time since, plus the wait', () => {
  let now = 5_000;
  const clock = createConsoleClock(() => now);
  clock.observe(Date.UTC(2026, 10, 30, 0, 12, 34, 0));
  now += 250;
  assert.equal(clock.deadline(1000), '2026-11-30T00:12:35.250Z');
});

test('a late event (an earlier estimate) never moves the deadline earlier than the best estimate', () => {
  let now = 0;
  const clock = createConsoleClock(() => now);
  clock.observe(10_000); // arrived at once: offset 10 000
  now = 1_000;
  clock.observe(10_200); // written at 10 200, arrived 800 ms later: offset 9 200, too early
  assert.equal(clock.deadline(0), new Date(11_000).toISOString());
});

test('a faster event (a later estimate) corrects the offset', () => {
  let now = 0;
  const clock = createConsoleClock(() => now);
  clock.observe(10_000);
  now = 1_000;
  clock.observe(11_500);
  assert.equal(clock.deadline(0), new Date(11_500).toISOString());
});

test('a status without a time is ignored', () => {
  const clock = createConsoleClock(() => 0);
  clock.observe(undefined);
  clock.observe(Number.NaN);
  assert.equal(clock.deadline(0), null);
});
