// How the page reads an answer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { answered } from '../../../DualRobot.Frontend/wwwroot/js/problems.js';

const base = 'dualrobot.dev/problems/';
const type = (kind) => `https://${base}${kind}`;

test('a success is ok', () => {
  assert.deepEqual(answered(200, null, base), { ok: true, status: 200, kind: 'ok', message: '' });
});

test('a success that answers with the robot state carries the version of that state', () => {
  assert.deepEqual(answered(200, { name: 'Linus', motion: 'forward', version: 12 }, base), { ok: true, status: 200, kind: 'ok', message: '', version: 12 });
});

test('a refusal is its problem type after the base, with its title and detail', () => {
  const result = answered(409, { type: type('emergency-stop-latched'), title: 'Emergency stop latched', detail: 'Release it.' }, base);
  assert.equal(result.kind, 'emergency-stop-latched');
  assert.equal(result.message, 'Emergency stop latched: Release it.');
});

test('a validation problem names its errors', () => {
  const result = answered(400, { type: type('validation'), title: 'Invalid', errors: { speed: ['Must lie within 0..1.'] } }, base);
  assert.equal(result.message, 'Invalid: Must lie within 0..1.');
});

test('an answer without a known type is its status', () => {
  assert.equal(answered(502, null, base).kind, 'http-502');
  assert.equal(answered(401, null, base).kind, 'unauthorized');
});

test('a problem type of another base is not a kind of ours', () => {
  assert.equal(answered(400, { type: 'https://tools.ietf.org/html/rfc9110#section-15.5.1', title: 'Bad' }, base).kind, 'http-400');
});
