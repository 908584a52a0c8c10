// A gamepad's enable button and its latched stop, frame by frame.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { idlePad, latch, stepPad } from '../../../DualRobot.Frontend/wwwroot/js/pad-latch.js';

const frames = (inputs, pad = idlePad()) => inputs.map((input) => {
  const frame = stepPad(pad, input);
  pad = frame.pad;
  return frame;
});

test('the pad drives only while its enable button is held', () => {
  const [off, on] = frames([{ enable: false, b: false, back: false }, { enable: true, b: false, back: false }]);
  assert.equal(off.drive, false);
  assert.equal(on.drive, true);
});

test('B stops once and latches until the enable button is let go and pressed again', () => {
  const [b, bReleased, stillHeld, letGo, pressedAgain] = frames([
    { enable: true, b: true, back: false },
    { enable: true, b: false, back: false },
    { enable: true, b: false, back: false },
    { enable: false, b: false, back: false },
    { enable: true, b: false, back: false },
  ]);
  assert.deepEqual([b.stop, b.drive], [true, false]);
  assert.deepEqual([bReleased.stop, bReleased.drive], [false, false]);
  assert.equal(stillHeld.drive, false);
  assert.equal(letGo.drive, false);
  assert.equal(pressedAgain.drive, true);
});

test('B held while the enable button is pressed keeps the pad from driving; its stop is sent once', () => {
  const result = frames([
    { enable: false, b: true, back: false },
    { enable: true, b: true, back: false },
    { enable: true, b: false, back: false },
  ]);
  assert.deepEqual(result.map((frame) => frame.stop), [true, false, false]);
  assert.deepEqual(result.map((frame) => frame.drive), [false, false, false]);
});

test('a latch from outside (a lost page, a stop from elsewhere) also waits for the enable button anew', () => {
  const held = stepPad(idlePad(), { enable: true, b: false, back: false }).pad;
  const [still, letGo, again] = frames([
    { enable: true, b: false, back: false },
    { enable: false, b: false, back: false },
    { enable: true, b: false, back: false },
  ], latch(held));
  assert.deepEqual([still.drive, letGo.drive, again.drive], [false, false, true]);
});

test('Back asks for the emergency stop once per press', () => {
  const result = frames([{ enable: false, b: false, back: true }, { enable: false, b: false, back: true }, { enable: false, b: false, back: false }, { enable: false, b: false, back: true }]);
  assert.deepEqual(result.map((frame) => frame.emergencyStop), [true, false, false, true]);
});
