// The Activity panel: the newest audit records (who did what to which robot, and how it ended), refreshed every
// few seconds and soon after any robot's state changes. Records are shown as text, never parsed as HTML.

const REFRESH_MS = 2000;
const AFTER_STATE_MS = 200;
// A moving robot changes state many times a second; its record shows within this, and the page is not rebuilt each time.
const MIN_GAP_MS = 1000;

// One formatter for every row: toLocaleTimeString builds a new one per call, fifty times per refresh.
const timeFormat = new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: 'numeric', second: 'numeric' });

const paramsText = (parameters) =>
  parameters ? Object.entries(parameters).map(([key, value]) => `${key}=${value}`).join(' ') : '';

// A refused command repeated within the api's window is one record counting them, from `time` to `last`.
const outcomeText = (record) =>
  record.count > 1
    ? `${record.outcome} ×${record.count} between ${timeFormat.format(new Date(record.time))} and ${timeFormat.format(new Date(record.last))}`
    : record.outcome;

// A row stands for a record as it was: a count that grew makes it another row.
const rowKey = (record) => `${record.id}×${record.count ?? 1}`;

/**
 * Shows the records (newest first). When the list only moved on (new records on top, the oldest gone), only those
 * rows are added and removed: a rebuilt list is laid out and painted again, all fifty rows, once a second while a
 * robot moves, and an operator's key press would wait behind that work on the page's main thread.
 */
function render(list, records, sameFilter) {
  const ids = records.map(rowKey);
  const rows = [...list.children];
  const at = rows.length > 0 ? ids.indexOf(rows[0].dataset.id) : -1;
  const movedOn = sameFilter && at >= 0 && rows.every((row, i) => i + at >= ids.length || row.dataset.id === ids[i + at]);
  if (!movedOn) {
    list.replaceChildren(...records.map(item));
    return;
  }
  for (let i = rows.length - 1; i >= 0 && i + at >= ids.length; i--) rows[i].remove();
  if (at > 0) list.prepend(...records.slice(0, at).map(item));
}

function item(record) {
  const entry = document.createElement('li');
  entry.className = 'activity-item';
  entry.dataset.id = rowKey(record);
  entry.dataset.outcome = record.outcome;
  entry.dataset.action = record.action;
  const cells = [
    ['time', timeFormat.format(new Date(record.time))],
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

export function attachActivity(root, live) {
  const panel = root.querySelector('[data-activity]');
  if (!panel) return;
  const list = panel.querySelector('[data-activity-list]');
  const status = panel.querySelector('[data-activity-status]');
  const filter = panel.querySelector('[data-activity-filter]');
  let timer = 0;
  let sequence = 0;
  let shown = null;
  let shownRobot = null;
  let lastRefresh = -Infinity;

  async function refresh() {
    const robot = filter.value;
    const mine = ++sequence;
    lastRefresh = Date.now();
    let response;
    try {
      response = await fetch(`/activity${robot ? `?robot=${encodeURIComponent(robot)}` : ''}`, {
        headers: { Accept: 'application/json' },
        credentials: 'same-origin',
      });
    } catch {
      status.textContent = 'Activity unavailable: the console is unreachable.';
      shown = null;
      return;
    }
    if (mine !== sequence) return; // a newer refresh (or another filter) went out meanwhile
    if (!response.ok) {
      status.textContent = response.status === 401 ? 'Sign in again to see the activity.' : `Activity unavailable (${response.status}).`;
      shown = null;
      return;
    }
    const text = await response.text();
    if (mine !== sequence) return;
    // Unchanged records leave the list alone: rebuilding it would only make the browser lay out and paint it again.
    const key = `${robot}\n${text}`;
    if (key === shown) return;
    shown = key;
    const records = JSON.parse(text);
    render(list, records, robot === shownRobot);
    shownRobot = robot;
    status.textContent = records.length === 0 ? 'No activity yet.' : '';
  }

  let dueAt = Infinity;
  function schedule(delay) {
    clearTimeout(timer);
    dueAt = Date.now() + delay;
    timer = setTimeout(async () => {
      dueAt = Infinity;
      if (!document.hidden) await refresh();
      schedule(REFRESH_MS);
    }, delay);
  }

  // Only ever brings a refresh forward: a moving robot publishes its pose several times a second, and postponing on
  // each would never refresh at all.
  live.onState(() => {
    const delay = Math.max(AFTER_STATE_MS, lastRefresh + MIN_GAP_MS - Date.now());
    if (Date.now() + delay < dueAt) schedule(delay);
  });
  filter.addEventListener('change', () => schedule(0));
  document.addEventListener('visibilitychange', () => {
    if (!document.hidden) schedule(0);
  });
  schedule(0);
}
