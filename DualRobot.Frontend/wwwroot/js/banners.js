// The banners over the bottom of the window and the e-stop panel, from the live state: each says what is wrong now
// and what is being done about it, and goes when it no longer holds. Also the page-wide command status line.

import { clock } from './time-format.js';
import { estopText, known } from './card-text.js';

function setText(element, text) {
  if (element && element.textContent !== text) element.textContent = text;
}

export function attachBanners(root, live, clearsWhen) {
  const banner = (id) => root.getElementById(id);

  function render() {
    const { link } = live;
    const all = [...live.states.values()];
    const latched = all.some((state) => state.emergencyStopLatched);
    banner('banner-estop').hidden = !latched;
    const panel = root.querySelector('.estop-panel');
    if (panel) {
      panel.dataset.latched = String(latched);
      root.querySelector('button.estop')?.setAttribute('aria-pressed', String(latched));
      // Only a supervisor's page has the release button; anyone else is told who can release it.
      const release = root.querySelector('form[data-command="release"] button');
      setText(root.getElementById('estop-state'), estopText(latched, Boolean(release)));
      if (release) {
        release.setAttribute('aria-disabled', String(!latched));
        release.title = latched ? 'Release the emergency stop: robots may be driven again.' : 'Nothing is latched: there is nothing to release.';
      }
    }
    const down = all.filter((state) => !state.connected).map((state) => state.name);
    banner('banner-backend').hidden = down.length === 0 || !known(link);
    setText(banner('banner-backend').querySelector('[data-field="disconnected"]'), down.join(', '));
    banner('banner-api').hidden = link.apiReachable || !link.streamUp;
    banner('banner-console').hidden = link.streamUp;
    for (const id of ['banner-api', 'banner-console']) {
      const since = banner(id).querySelector('[data-field="since"]');
      since.dateTime = new Date(link.since).toISOString();
      setText(since, clock(link.since));
    }
    const status = root.getElementById('command-status');
    if (status && clearsWhen[status.dataset.kind]?.({ emergencyStopLatched: latched, connected: true }, link)) setText(status, '');
  }

  live.onState(render);
  live.onLink(render);

  return {
    /** The answer to a command of no single robot (the e-stop, its release). */
    commandStatus(result) {
      const status = root.getElementById('command-status');
      if (!status) return;
      setText(status, result.ok ? '' : result.message);
      status.dataset.kind = result.ok ? '' : result.kind ?? '';
    },
  };
}
