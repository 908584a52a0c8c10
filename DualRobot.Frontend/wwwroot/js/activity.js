// The Activity panel: the newest audit records (who did what to which robot, and how it ended), refreshed every
// few seconds and soon after any robot's state changes. Records are shown as text, never parsed as HTML.

const REFRESH_MS = 2000;
const AFTER_STATE_MS = 200;
// A moving robot changes state many times a second; its record shows within this, and the page is not rebuilt each time.
const MIN_GAP_MS = 1000;

const paramsText = (parameters) =>
  parameters ? Object.entries(parameters).map(([key, value]) => `${key}=${value}`).join(' ') : '';

function item(record) {
  const entry = document.createElement('li');
  entry.className = 'activity-item';
  entry.dataset.outcome = record.outcome;
  entry.dataset.action = record.action;
  const cells = [
    ['time', new Date(record.time).toLocaleTimeString()],
    ['user', record.user],
    ['action', record.action],
    // No robot: the e-stop concerns them all, a sign-in none.
    ['robot', record.robot ?? (record.action.startsWith('estop') ? 'all robots' : '—')],
    ['params', paramsText(record.parameters)],
    ['outcome', record.outcome],
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

export function attachActivity(root) {
  const panel = root.querySelector('[data-activity]');
  if (!panel) return;
  const list = panel.querySelector('[data-activity-list]');
  const status = panel.querySelector('[data-activity-status]');
  const filter = panel.querySelector('[data-activity-filter]');
  let timer = 0;
  let sequence = 0;
  let shown = null;
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
    list.replaceChildren(...records.map(item));
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
  root.addEventListener('robot-state', () => {
    const delay = Math.max(AFTER_STATE_MS, lastRefresh + MIN_GAP_MS - Date.now());
    if (Date.now() + delay < dueAt) schedule(delay);
  });
  filter.addEventListener('change', () => schedule(0));
  document.addEventListener('visibilitychange', () => {
    if (!document.hidden) schedule(0);
  });
  schedule(0);
}
