// Who drives each robot, from the live state: the card shows it, offers operators a confirmed "take control", and
// tells a user at once when someone else took a robot from them.

const same = (a, b) => Boolean(a) && Boolean(b) && a.toLowerCase() === b.toLowerCase();
const localTime = (iso) => new Date(iso).toLocaleTimeString();

function panelFor(root, name) {
  const card = [...root.querySelectorAll('[data-robot-card]')].find((c) => same(c.dataset.robot, name));
  return card?.querySelector('[data-driver-panel]');
}

function notify(panel, text, isError = false) {
  const notice = panel.querySelector('[data-field="driver-notice"]');
  notice.textContent = text;
  notice.hidden = !text;
  notice.classList.toggle('is-error', isError);
}

function render(panel, state) {
  const me = panel.dataset.me;
  const previous = panel.dataset.driver || null;
  const driver = state.driver ?? null;
  panel.dataset.driver = driver ?? '';
  for (const field of panel.querySelectorAll('[data-field="driver"]')) field.textContent = driver ?? 'nobody';
  const since = panel.querySelector('[data-field="driver-since"]');
  panel.querySelector('[data-field="driver-since-wrap"]').hidden = !state.driverSince;
  if (state.driverSince) {
    since.dateTime = state.driverSince;
    since.textContent = localTime(state.driverSince);
  }

  const form = panel.querySelector('[data-take-control-form]');
  if (form) form.hidden = !driver || same(driver, me);
  if (same(previous, me) && driver && !same(driver, me)) {
    notify(panel, `${driver} took control of ${state.name}: it was stopped, and your commands to it are refused while they drive.`, true);
  } else if (same(driver, me) && panel.querySelector('[data-field="driver-notice"]').classList.contains('is-error')) {
    // Driving again: the "someone took it" notice no longer holds.
    notify(panel, '');
  }
}

export function attachDriver(root, live, client) {
  for (const since of root.querySelectorAll('[data-driver-panel] time[datetime]')) {
    if (since.dateTime) since.textContent = localTime(since.dateTime);
  }

  live.onState((state) => {
    const panel = panelFor(root, state.name);
    if (panel) render(panel, state);
  });

  if (!client) return;
  for (const form of root.querySelectorAll('[data-take-control-form]')) {
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const panel = form.closest('[data-driver-panel]');
      const robot = form.querySelector('input[name="robot"]').value;
      const result = await client.takeControl(robot);
      form.querySelector('[data-take-control]').open = false;
      notify(panel, result.ok ? `You have control of ${robot}; it was stopped.` : result.message, !result.ok);
    });
  }
}
