// The pure parts of the page's input: what keys and sticks ask a robot to do.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { keyCommand, stickCommand, arcRadius, ARC_TURN, ON_OFF_ARC_TURN } from '../../../DualRobot.Frontend/wwwroot/js/mixing.js';
import { shape, DEAD_ZONE } from '../../../DualRobot.Frontend/wwwroot/js/dead-zone.js';

test('one key drives its direction, the last one pressed of a pair wins', () => {
  assert.deepEqual(keyCommand(['forward'], 1), { direction: 'forward' });
  assert.deepEqual(keyCommand(['forward', 'backward'], 1), { direction: 'backward' });
});

test('forward with left drives an arc to the left through the velocity command', () => {
  assert.deepEqual(keyCommand(['forward', 'left'], 0.5), { linear: 0.5, angular: 0.5 * ARC_TURN });
  assert.deepEqual(keyCommand(['backward', 'right'], 1), { linear: -1, angular: -ARC_TURN });
});

test('a key arc is gentle: at the default turn a 15 cm wheel base drives a circle of at least 0.5 m radius', () => {
  assert.ok(arcRadius(0.15, ARC_TURN) >= 0.5, `radius ${arcRadius(0.15, ARC_TURN)} m`);
  // As the api mixes it (left = l − a, right = l + a, scaled into −1..1): the radius of the circle those sides drive.
  for (const speed of [1, 0.5, 0.1]) {
    const { linear, angular } = keyCommand(['forward', 'left'], speed);
    const scale = Math.max(1, Math.abs(linear - angular), Math.abs(linear + angular));
    const [left, right] = [(linear - angular) / scale, (linear + angular) / scale];
    const radius = (0.15 / 2) * ((right + left) / (right - left));
    assert.ok(Math.abs(radius - arcRadius(0.15, ARC_TURN)) < 1e-9, `at ${speed}: ${radius} m`);
  }
});

test('a key arc turns by the configured share', () => {
  assert.deepEqual(keyCommand(['forward', 'right'], 1, false, 0.3), { linear: 1, angular: -0.3 });
});

test('a robot without enable pins pivots about its inner wheel on a key arc', () => {
  assert.deepEqual(keyCommand(['forward', 'left'], 1, true), { linear: 1, angular: ON_OFF_ARC_TURN });
});

test('the dead zone swallows small deflections and rescales the rest from zero', () => {
  assert.equal(shape(DEAD_ZONE / 2), 0);
  assert.equal(shape(-DEAD_ZONE / 2), 0);
  assert.equal(shape(DEAD_ZONE), 0);
  assert.equal(shape(1), 1);
  assert.equal(shape(-1), -1);
  assert.ok(Math.abs(shape(0.55) - 0.5) < 1e-9);
});

test('a stick up is forward, left turns counter-clockwise, at the speed asked for, in two decimals', () => {
  assert.deepEqual(stickCommand(0, -1, 1), { linear: 1, angular: 0 });
  assert.deepEqual(stickCommand(-1, 0, 0.5), { linear: 0, angular: 0.5 });
  assert.deepEqual(stickCommand(0.3333, -0.7777, 1), { linear: 0.75, angular: -0.26 });
});

test('a stick at rest asks for nothing', () => {
  assert.equal(stickCommand(0.05, -0.05, 1), null);
});
