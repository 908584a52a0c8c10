// Who drives each robot, from the live state: the card shows it (times in UTC, named), offers operators a confirmed
// "take control", and tells a user at once when someone else took a robot from them or stopped it (card-text.js).

import { clock } from './time-format.js';
import { driverNotice, noticeHolds, same } from './card-text.js';

function panelFor(root, name) {
  const card = [...root.querySelectorAll('[data-robot-card]')].find((c) => same(c.dataset.robot, name));
  return card?.querySelector('[data-driver-panel]');
}

function notify(panel, text, isError = false) {
  const notice = panel.querySelector('[data-field="driver-notice"]');
  if (notice.textContent !== text) notice.textContent = text;
  notice.hidden = !text;
  notice.classList.toggle('is-error', isError);
}

function render(panel, state, me) {
  const previous = panel.dataset.driver || null;
  const driver = state.driver ?? null;
  panel.dataset.driver = driver ?? '';
  for (const field of panel.querySelectorAll('[data-field="driver"]')) field.textContent = driver ?? 'nobody';
  const since = panel.querySelector('[data-field="driver-since"]');
  panel.querySelector('[data-field="driver-since-wrap"]').hidden = !state.driverSince;
  if (state.driverSince) {
    since.dateTime = state.driverSince;
    since.textContent = clock(state.driverSince);
  }

  const form = panel.querySelector('[data-take-control-form]');
  if (form) form.hidden = !driver || same(driver, me);
  const notice = panel.querySelector('[data-field="driver-notice"]');
  const news = driverNotice(state, me, previous);
  if (news) notify(panel, news, true);
  // Any notice goes once it no longer holds: the user drives the robot again.
  else if (notice.textContent && !noticeHolds(state, me)) notify(panel, '');
}

export function attachDriver(root, live, client, me) {
  for (const since of root.querySelectorAll('[data-driver-panel] time[datetime]')) {
    if (since.dateTime) since.textContent = clock(since.dateTime);
  }

  live.onState((state) => {
    const panel = panelFor(root, state.name);
    if (panel) render(panel, state, me);
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
