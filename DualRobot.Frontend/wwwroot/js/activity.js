// The Activity panel: the newest audit records (who did what to which robot, and how it ended), fed by the page's
// live stream (the console passes each record on as the api writes it, and the newest first on every connection):
// nothing is polled. Records are shown as text, never parsed as HTML.

import { utcTime } from './time-format.js';

const SHOWN = 50;
// Records come as fast as commands are accepted (a stick: 20 a second); the list is laid out at most this often, so a
// key press never waits behind fifty rows being laid out again.
const RENDER_GAP_MS = 250;

const paramsText = (parameters) =>
  parameters ? Object.entries(parameters).map(([key, value]) => `${key}=${value}`).join(' ') : '';

// A refused command repeated within the api's window is one record counting them, from `time` to `last`.
const outcomeText = (record) =>
  record.count > 1 ? `${record.outcome} ×${record.count} between ${utcTime(record.time)} and ${utcTime(record.last)} UTC` : record.outcome;

// Each api instance numbers its own trail: a record is known by its instance (named by the console) and id.
export const recordKey = (record) => `${record.instance ?? ''}/${record.id}`;

// A row stands for a record as it was: a count that grew makes it another row.
const rowKey = (record) => `${recordKey(record)}×${record.count ?? 1}`;

const newestFirst = (a, b) => (Date.parse(b.time) - Date.parse(a.time)) || (b.id - a.id);

/** The records a filter shows, newest first (by time: the instances' ids are their own). Pure. */
export const shownRecords = (records, robot) => [...records]
  .filter((record) => !robot || record.robot?.toLowerCase() === robot.toLowerCase())
  .sort(newestFirst)
  .slice(0, SHOWN);

function item(record) {
  const entry = document.createElement('li');
  entry.className = 'activity-item';
  entry.dataset.id = rowKey(record);
  entry.dataset.outcome = record.outcome;
  entry.dataset.action = record.action;
  const cells = [
    ['time', `${utcTime(record.time)} UTC`],
    ['user', record.user],
    ['action', record.action],
    // No robot: the e-stop concerns them all, a sign-in none.
    ['robot', record.robot ?? (record.action.startsWith('estop') ? 'all robots' : '—')],
    ['params', paramsText(record.parameters)],
    ['outcome', outcomeText(record)],
  ];
  for (const [name, text] of cells) {
    const cell = document.createElement(name === 'time' ? 'time' : 'span');
    cell.className = `activity-${name}`;
    cell.textContent = text;
    if (name === 'time') cell.dateTime = record.time;
    if (name === 'outcome' && record.detail) cell.title = record.detail;
    entry.append(cell);
  }
  return entry;
}

/** Shows the records (newest first), keeping the rows that stand as they were: only new ones are added. */
function render(list, records) {
  const keep = new Map([...list.children].map((row) => [row.dataset.id, row]));
  const rows = records.map((record) => keep.get(rowKey(record)) ?? item(record));
  if (rows.length === list.children.length && rows.every((row, i) => list.children[i] === row)) return;
  list.replaceChildren(...rows);
}

export function attachActivity(root, live) {
  const panel = root.querySelector('[data-activity]');
  if (!panel) return;
  const list = panel.querySelector('[data-activity-list]');
  const status = panel.querySelector('[data-activity-status]');
  const filter = panel.querySelector('[data-activity-filter]');
  const records = new Map(); // recordKey -> record, as the console keeps them (the newest overall and of each robot)
  let timer = 0;

  function show() {
    timer = 0;
    const shown = shownRecords(records.values(), filter.value);
    render(list, shown);
    status.textContent = shown.length === 0 ? 'No activity yet.' : '';
    panel.dataset.latest = shown[0] ? rowKey(shown[0]) : '';
  }

  function soon() {
    if (!timer) timer = setTimeout(show, RENDER_GAP_MS);
  }

  live.onActivity((record) => {
    records.set(recordKey(record), record);
    // Forget what no filter would show any more.
    if (records.size > SHOWN * 4) {
      const keep = new Set([...shownRecords(records.values(), ''), ...[...new Set([...records.values()].map((r) => r.robot))]
        .flatMap((robot) => (robot ? shownRecords(records.values(), robot) : []))].map(recordKey));
      for (const id of records.keys()) if (!keep.has(id)) records.delete(id);
    }
    soon();
  });
  filter.addEventListener('change', show);
  const more = panel.querySelector('[data-activity-more]');
  if (more) {
    more.hidden = false;
    more.addEventListener('click', () => {
      const expanded = !list.hasAttribute('data-expanded');
      list.toggleAttribute('data-expanded', expanded);
      more.setAttribute('aria-expanded', String(expanded));
      more.textContent = expanded ? 'Latest only' : 'Show all';
    });
  }
  show();
}
