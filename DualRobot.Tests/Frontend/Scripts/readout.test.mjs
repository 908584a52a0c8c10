// "Last command": one command's round trip, or several sent as one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createReadout, readoutText } from '../../../DualRobot.Frontend/wwwroot/js/readout.js';

const ok = (ms) => ({ ok: true, status: 200, ms });

test('one command reads its round trip, a refusal its status, a lost one no answer', () => {
  assert.equal(readoutText('stop Linus', [{ result: ok(3.4) }]), 'stop Linus: 3 ms');
  assert.equal(readoutText('drive Linus', [{ result: { ok: false, status: 409, ms: 5 } }]), 'drive Linus: 5 ms (409)');
  assert.equal(readoutText('eye Linus', [{ result: { ok: false, status: 0, ms: 1000 } }]), 'eye Linus: no answer');
});

test('the stops of every robot read as one line, with the slowest round trip, once all have answered', async () => {
  const output = { textContent: 'none yet', dataset: {} };
  const readout = createReadout(output);
  const done = readout.together(['stop Linus', 'stop Torvalds'], 'stop every robot');
  readout.answer('stop Torvalds', ok(7));
  assert.equal(output.textContent, 'none yet');
  readout.answer('heartbeat Linus', ok(1));
  readout.answer('stop Linus', ok(4));
  await done;
  assert.equal(output.textContent, 'stop every robot (Linus, Torvalds): 7 ms');
  assert.equal(output.dataset.ok, 'true');

  readout.answer('stop Linus', ok(2));
  assert.equal(output.textContent, 'stop Linus: 2 ms');
});
