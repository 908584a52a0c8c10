// The Activity panel's records: each api instance numbers its own trail, so two instances' records under one id are
// two records, shown newest first by time.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { recordKey, shownRecords } from '../../../DualRobot.Frontend/wwwroot/js/activity.js';

const record = (instance, id, robot, time) => ({ instance, id, robot, time, action: 'drive', outcome: 'accepted' });

test('two instances\' records under one id are two records', () => {
  assert.notEqual(recordKey(record('api-0', 1, 'Linus', '')), recordKey(record('api-1', 1, 'Ada', '')));
});

test('records are shown newest first by time across instances, and filtered by robot', () => {
  const records = [
    record('api-0', 9, 'Linus', '2026-11-30T12:00:01+00:00'),
    record('api-1', 2, 'Ada', '2026-11-30T12:00:03+00:00'),
    record('api-0', 10, 'Linus', '2026-11-30T12:00:02+00:00'),
  ];
  assert.deepEqual(shownRecords(records, '').map(recordKey), ['api-1/2', 'api-0/10', 'api-0/9']);
  assert.deepEqual(shownRecords(records, 'linus').map(recordKey), ['api-0/10', 'api-0/9']);
});
