// Live robot state from the console's /events stream, the page's one subscription to it: the cards and banners are
// rendered here, and every other part of the page (arena, driver, activity) hears of a state through onState.
// EventSource reconnects by itself; the console sends its status and every robot's state first on each connection, so
// the page heals after any outage. The page shows only what it knows: a robot's badge says "connected" only while the
// api and the stream vouch for it.

const cardFor = (root, name) =>
  [...root.querySelectorAll('[data-robot-card]')].find((card) => card.dataset.robot.toLowerCase() === name.toLowerCase());

const speedText = (speed) => (speed == null ? 'full (no PWM)' : `${Math.round(speed * 100)} %`);
const deadmanText = (state) => (!state.connected ? 'deadman unknown' : state.watchdogArmed ? 'on-robot deadman' : 'api deadman only');
const angleText = (angle) => (angle == null ? 'not set' : `${Math.round(angle * 10) / 10}°`);

import { contract } from './contract.js';
import { consoleClock } from './console-clock.js';
import { CONSOLE_UNREACHABLE } from './problems.js';

const READABLE_MS = 2000;

// Refusals that clear by themselves once their cause is gone, and the test for "gone".
const CLEARS_WHEN = {
  [contract.kinds.emergencyStopLatched]: (state) => !state.emergencyStopLatched,
  [contract.kinds.backendUnavailable]: (state, link) => state.connected && reached(state, link),
  [contract.kinds.apiUnreachable]: (state, link) => reached(state, link),
  [CONSOLE_UNREACHABLE]: (state, link) => link.streamUp,
};

/** Whether the console reaches the api instance that drives this robot (with several instances, one may be down). */
const reached = (state, link) => link.apiReachable && link.streamUp && !link.unreachable.has(state?.name?.toLowerCase());

function setText(element, text) {
  if (element && element.textContent !== text) element.textContent = text;
}

/** Why a robot's motion controls are off right now, or '' when they are on. */
function blockOf(state, link) {
  if (!link.streamUp) return ['console', 'Connection to the console lost: driving is off until it is back.'];
  if (!link.apiReachable) return ['api', 'Control api unreachable: driving is off until it is back.'];
  if (link.unreachable.has(state?.name?.toLowerCase())) return ['api', `${state.name}'s control api instance is unreachable: driving it is off until it is back.`];
  if (state && !state.connected) return ['backend', `${state.name}'s backend is unreachable: driving is off until it reconnects.`];
  if (state?.emergencyStopLatched) return ['estop', 'Emergency stop latched: release it to drive.'];
  return ['', ''];
}

// A slider follows the robot's state in every tab, but never moves under the operator's hand.
const handsOn = (root, slider) => root.activeElement === slider || slider.matches(':active');

export function connectLiveState(root) {
  const versions = new Map();
  const states = new Map();
  const link = { streamUp: false, apiReachable: root.getElementById('banner-api')?.hidden ?? true, unreachable: new Set() };
  const blockedListeners = [];
  const stateListeners = [];
  const banner = (id) => root.getElementById(id);

  function renderSpeed(card, state) {
    const slider = card.querySelector('input[data-speed]');
    if (slider && state?.speed != null && !handsOn(root, slider)) {
      slider.value = String(Math.round(state.speed * 100));
      setText(slider.parentElement.querySelector('[data-output]'), `${slider.value} %`);
    }
    // The robot's speed and the slider's (the next drive's) are both named when they differ.
    const next = slider && state?.speed != null && Number(slider.value) !== Math.round(state.speed * 100) ? ` · next drive ${slider.value} %` : '';
    setText(card.querySelector('[data-field="speed"]'), `${speedText(state?.speed)}${next}`);
  }

  function renderCard(card, state) {
    const known = reached(state ?? { name: card.dataset.robot }, link);
    if (state) {
      card.dataset.motion = state.motion;
      card.dataset.eye = state.eye;
      setText(card.querySelector('[data-field="motion"]'), state.motion);
      setText(card.querySelector('[data-field="eye"]'), state.eye);
      setText(card.querySelector('[data-field="backend"]'), state.backend);
      setText(card.querySelector('[data-field="deadman"]'), deadmanText(state));
      card.querySelector('[data-eye-blink]')?.setAttribute('aria-pressed', String(state.eye === 'blink'));
      renderSpeed(card, state);
      for (const servo of state.servos ?? []) {
        setText(card.querySelector(`[data-servo-angle="${servo.index}"]`), angleText(servo.angle));
        const slider = card.querySelector(`input[data-servo="${servo.index}"]`);
        if (!slider) continue;
        slider.dataset.angle = servo.angle == null ? '' : String(servo.angle);
        const output = slider.parentElement.querySelector('[data-output]');
        if (servo.angle == null) {
          if (handsOn(root, slider)) continue;
          slider.setAttribute('data-unset', '');
          setText(output, '—');
        } else {
          slider.removeAttribute('data-unset');
          if (!handsOn(root, slider)) slider.value = String(servo.angle);
          setText(output, `${slider.value}°`);
        }
      }
    }

    const connected = known ? String(Boolean(state?.connected)) : 'unknown';
    card.dataset.connected = connected;
    setText(card.querySelector('[data-field="connection"]'),
      connected === 'unknown' ? (link.streamUp ? 'unknown: api unreachable' : 'unknown: console unreachable') : connected === 'true' ? 'connected' : 'backend unreachable');

    const [kind, reason] = blockOf(state, link);
    const was = card.dataset.blocked ?? '';
    card.dataset.blocked = kind;
    setText(card.querySelector('[data-field="blocked"]'), reason);
    // Motion controls are off while blocked; with the api or backend gone, everything but stop is.
    for (const control of card.querySelectorAll('[data-motion-control]')) control.disabled = kind !== '';
    for (const control of card.querySelectorAll('[data-needs-backend]')) control.disabled = kind !== '' && kind !== 'estop';
    if (kind && !was) for (const listener of blockedListeners) listener(card.dataset.robot, kind);

    const message = card.querySelector('[data-field="message"]');
    const clears = message && CLEARS_WHEN[message.dataset.kind];
    if (clears && state && clears(state, link)) say(card.dataset.robot, { ok: true });
  }

  function renderAll() {
    for (const card of root.querySelectorAll('[data-robot-card]')) renderCard(card, states.get(card.dataset.robot.toLowerCase()));
    const all = [...states.values()];
    const latched = all.some((state) => state.emergencyStopLatched);
    banner('banner-estop').hidden = !latched;
    const panel = root.querySelector('.estop-panel');
    if (panel) {
      panel.dataset.latched = String(latched);
      root.querySelector('button.estop')?.setAttribute('aria-pressed', String(latched));
      // Only a supervisor's page has the release button; anyone else is told who can release it.
      const releasable = Boolean(root.querySelector('form[data-command="release"]'));
      setText(root.getElementById('estop-state'), latched ? (releasable ? 'Latched: release to drive' : 'Latched: a supervisor releases it') : '');
    }
    const down = all.filter((state) => !state.connected).map((state) => state.name);
    banner('banner-backend').hidden = down.length === 0 || !link.apiReachable;
    setText(banner('banner-backend').querySelector('[data-field="disconnected"]'), down.join(', '));
    banner('banner-api').hidden = link.apiReachable || !link.streamUp;
    banner('banner-console').hidden = link.streamUp;
    const status = root.getElementById('command-status');
    if (status && CLEARS_WHEN[status.dataset.kind]?.({ emergencyStopLatched: latched, connected: true }, link)) setText(status, '');
  }

  /**
   * Shows a command's answer on its robot's card: a refusal stays until a later success or until its cause clears,
   * and for at least READABLE_MS, so a refusal that comes and goes with every renewal can still be read.
   */
  function say(robot, result) {
    const line = cardFor(root, robot)?.querySelector('[data-field="message"]');
    if (!line) return;
    clearTimeout(line.clearTimer);
    if (result.ok) {
      const left = Number(line.dataset.shownAt ?? 0) + READABLE_MS - performance.now();
      if (line.textContent && left > 0) {
        line.clearTimer = setTimeout(() => say(robot, result), left);
        return;
      }
    } else {
      line.dataset.shownAt = String(performance.now());
    }
    setText(line, result.ok ? '' : result.message);
    line.dataset.kind = result.ok ? '' : result.kind ?? '';
    line.classList.toggle('is-error', !result.ok);
  }

  function commandStatus(result) {
    const status = root.getElementById('command-status');
    if (!status) return;
    setText(status, result.ok ? '' : result.message);
    status.dataset.kind = result.ok ? '' : result.kind ?? '';
  }

  function refreshSpeed(robot) {
    const card = cardFor(root, robot);
    if (card) renderSpeed(card, states.get(robot.toLowerCase()));
  }

  // A robot the page has no card for (the page was loaded while the api was down, or the fleet changed):
  // reload to get its card and controls, at most every 10 s so a persistent mismatch cannot loop.
  let reloadTimer = 0;
  function reloadForNewRobot() {
    const last = Number(sessionStorage.getItem('dualrobot-reloaded') ?? 0);
    if (reloadTimer || Date.now() - last < 10_000) return;
    reloadTimer = setTimeout(() => {
      sessionStorage.setItem('dualrobot-reloaded', String(Date.now()));
      location.reload();
    }, 500);
  }

  const source = new EventSource('/events');

  source.addEventListener('open', () => {
    link.streamUp = true;
    renderAll();
  });

  source.addEventListener('error', () => {
    // EventSource retries on its own; say so meanwhile.
    link.streamUp = false;
    renderAll();
  });

  source.addEventListener('console', (event) => {
    const status = JSON.parse(event.data);
    link.streamUp = true;
    link.apiReachable = status.apiReachable;
    // Robots whose api instance the console cannot reach: only their cards say so; the others keep driving.
    link.unreachable = new Set((status.unreachable ?? []).map((name) => name.toLowerCase()));
    consoleClock.observe(status.time);
    // A new api connection restarts version numbers (the api may have restarted): forget the old ones.
    versions.clear();
    renderAll();
  });

  source.addEventListener('state', (event) => {
    const state = JSON.parse(event.data);
    const key = state.name.toLowerCase();
    if ((versions.get(key) ?? -1) >= state.version) return;
    versions.set(key, state.version);
    states.set(key, state);
    if (!cardFor(root, state.name)) reloadForNewRobot();
    renderAll();
    for (const listener of stateListeners) listener(state);
  });

  return {
    source,
    states,
    link,
    say,
    commandStatus,
    refreshSpeed,
    onBlocked: (listener) => blockedListeners.push(listener),
    onState: (listener) => stateListeners.push(listener),
  };
}
