// Live robot state from the console's /events stream. EventSource reconnects by itself; the console sends its
// status and every robot's state first on each connection, so the page heals after any outage.

const cardFor = (root, name) =>
  [...root.querySelectorAll('[data-robot-card]')].find((card) => card.dataset.robot.toLowerCase() === name.toLowerCase());

const speedText = (speed) => (speed == null ? 'full (no PWM)' : `${Math.round(speed * 100)} %`);
const angleText = (angle) => (angle == null ? 'not set' : `${Math.round(angle * 10) / 10}°`);

function setText(element, text) {
  if (element && element.textContent !== text) element.textContent = text;
}

function render(root, card, state) {
  card.dataset.motion = state.motion;
  card.dataset.eye = state.eye;
  card.dataset.connected = String(state.connected);
  setText(card.querySelector('[data-field="motion"]'), state.motion);
  setText(card.querySelector('[data-field="speed"]'), speedText(state.speed));
  setText(card.querySelector('[data-field="eye"]'), state.eye);
  setText(card.querySelector('[data-field="backend"]'), state.backend);
  setText(card.querySelector('[data-field="connection"]'), state.connected ? 'connected' : 'backend unreachable');
  card.querySelector('[data-eye-blink]')?.setAttribute('aria-pressed', String(state.eye === 'blink'));

  for (const servo of state.servos ?? []) {
    setText(card.querySelector(`[data-servo-angle="${servo.index}"]`), angleText(servo.angle));
    const slider = card.querySelector(`input[data-servo="${servo.index}"]`);
    // Never move a slider under the operator's hand.
    if (slider && servo.angle != null && root.activeElement !== slider && !slider.matches(':active')) {
      slider.value = String(servo.angle);
      setText(slider.parentElement.querySelector('[data-output]'), `${slider.value}°`);
    }
  }
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

export function connectLiveState(root) {
  const versions = new Map();
  const states = new Map();
  const banner = (id) => root.getElementById(id);

  function updateBanners() {
    const all = [...states.values()];
    banner('banner-estop').hidden = !all.some((state) => state.emergencyStopLatched);
    const down = all.filter((state) => !state.connected).map((state) => state.name);
    banner('banner-backend').hidden = down.length === 0;
    setText(banner('banner-backend').querySelector('[data-field="disconnected"]'), down.join(', '));
  }

  const source = new EventSource('/events');

  source.addEventListener('open', () => {
    banner('banner-console').hidden = true;
  });

  source.addEventListener('error', () => {
    // EventSource retries on its own; say so meanwhile.
    banner('banner-console').hidden = false;
  });

  source.addEventListener('console', (event) => {
    const status = JSON.parse(event.data);
    banner('banner-api').hidden = status.apiReachable;
    // A new api connection restarts version numbers (the api may have restarted): forget the old ones.
    versions.clear();
  });

  source.addEventListener('state', (event) => {
    const state = JSON.parse(event.data);
    const key = state.name.toLowerCase();
    if ((versions.get(key) ?? -1) >= state.version) return;
    versions.set(key, state.version);
    states.set(key, state);
    const card = cardFor(root, state.name);
    if (card) render(root, card, state);
    else reloadForNewRobot();
    // For the panels with scripts of their own (driver, activity).
    root.dispatchEvent(new CustomEvent('robot-state', { detail: state }));
    updateBanners();
  });

  return source;
}
