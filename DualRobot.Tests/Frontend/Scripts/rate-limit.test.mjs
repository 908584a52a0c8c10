// At most one command per robot every MIN_SEND_MS.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sendDelay, MIN_SEND_MS } from '../../../DualRobot.Frontend/wwwroot/js/rate-limit.js';

test('the first command leaves at once', () => {
  assert.equal(sendDelay(-Infinity, 0), 0);
});

test('a command soon after the last waits for the rest of the gap', () => {
  assert.equal(sendDelay(1000, 1010), MIN_SEND_MS - 10);
});

test('a command a full gap later leaves at once', () => {
  assert.equal(sendDelay(1000, 1000 + MIN_SEND_MS), 0);
  assert.equal(sendDelay(1000, 5000), 0);
});
