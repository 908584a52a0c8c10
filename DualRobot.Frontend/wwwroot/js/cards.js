// The robot cards, rendered from the live state (card-text.js says what each field reads): values, badges, sliders,
// the reason driving is off, and the answers to the operator's commands. A refusal stays on its card for at least
// READABLE_MS and until a later command succeeds or its cause clears.

import { contract } from './contract.js';
import { CONSOLE_UNREACHABLE } from './problems.js';
import { angleText, blockOf, capOf, capText, connectionText, deadmanText, estimateText, known, limitText, motionText, same, speedText } from './card-text.js';

const READABLE_MS = 2000;

function setText(element, text) {
  if (element && element.textContent !== text) element.textContent = text;
}

// A slider follows the robot's state in every tab, but never moves under the operator's hand.
const handsOn = (root, slider) => root.activeElement === slider || slider.matches(':active');

export function attachCards(root, live, { me, role } = {}) {
  const cards = [...root.querySelectorAll('[data-robot-card]')];
  const cardFor = (name) => cards.find((card) => card.dataset.robot.toLowerCase() === name.toLowerCase());
  const stateOf = (card) => live.states.get(card.dataset.robot.toLowerCase());
  const blockedListeners = [];
  // The speed each card's slider last followed: it follows a change of the robot's speed, not the speed itself, so a
  // velocity command (a pad, the stick), which leaves the robot's drive speed as it was, never moves it back.
  // The page was rendered with each slider at the robot's speed then.
  const followed = new Map(cards.map((card) => [card, Number(card.querySelector('input[data-speed]')?.value)]));

  // Refusals that clear by themselves once their cause is gone, and the test for "gone".
  const clearsWhen = {
    [contract.kinds.emergencyStopLatched]: (state) => !state.emergencyStopLatched,
    [contract.kinds.backendUnavailable]: (state, link) => state.connected && known(link, state.name),
    [contract.kinds.apiUnreachable]: (state, link) => known(link, state.name),
    [contract.kinds.robotInUse]: (state) => same(state.driver, me),
    [CONSOLE_UNREACHABLE]: (state, link) => link.streamUp,
  };

  function renderSpeed(card, state) {
    const slider = card.querySelector('input[data-speed]');
    const speed = state?.speed == null ? null : Math.round(state.speed * 100);
    if (slider && speed != null && followed.get(card) !== speed && !handsOn(root, slider)) {
      followed.set(card, speed);
      slider.value = String(speed);
      setText(slider.parentElement.querySelector('[data-output]'), `${slider.value} %`);
    }
    setText(card.querySelector('[data-field="speed"]'), speedText(state, slider ? Number(slider.value) : null, role));
  }

  // The safety envelope: the cap on the stick (a ring as far out as the cap lets it drive), what held the last motion
  // back, whether the pose it rests on is an estimate, and the supervisor's slow-mode switch.
  function renderEnvelope(card, state) {
    const stick = card.querySelector('[data-joystick]');
    if (stick) {
      const cap = capOf(state, role);
      const text = capText(state, role);
      stick.dataset.capped = String(Boolean(text));
      stick.style.setProperty('--cap', String(Math.max(0, Math.min(1, cap ?? 1))));
      setText(stick.querySelector('[data-field="stick-cap"]'), text ? `max ${text}` : '');
    }
    setText(card.querySelector('[data-field="envelope"]'), limitText(state));
    setText(card.querySelector('[data-field="estimate"]'), estimateText(state));
    const slow = card.querySelector('[data-slow-mode]');
    if (slow && state.envelope) {
      const on = Boolean(state.envelope.slowMode);
      slow.setAttribute('aria-pressed', String(on));
      slow.dataset.body = JSON.stringify({ enabled: !on });
      slow.title = on ? `Slow mode is on: every driver of ${state.name} is capped. Press to lift it.` : `Cap every driver of ${state.name} at the slow-mode speed.`;
    }
  }

  function renderServos(card, state) {
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

  function render(card) {
    const state = stateOf(card);
    const { link } = live;
    card.dataset.stale = String(!known(link, card.dataset.robot));
    if (state) {
      card.dataset.motion = known(link, card.dataset.robot) ? state.motion : 'unknown';
      card.dataset.eye = state.eye;
      card.dataset.atWall = String(Boolean(state.atWall));
      setText(card.querySelector('[data-field="motion"]'), motionText(state, link));
      setText(card.querySelector('[data-field="eye"]'), state.eye);
      setText(card.querySelector('[data-field="backend"]'), state.backend);
      setText(card.querySelector('[data-field="deadman"]'), deadmanText(state));
      card.querySelector('[data-eye-blink]')?.setAttribute('aria-pressed', String(state.eye === 'blink'));
      renderSpeed(card, state);
      renderEnvelope(card, state);
      renderServos(card, state);
    } else if (!known(link, card.dataset.robot)) {
      setText(card.querySelector('[data-field="motion"]'), motionText(null, link));
    }

    const [connected, connection] = connectionText(state, link);
    card.dataset.connected = connected;
    setText(card.querySelector('[data-field="connection"]'), connection);

    const [kind, reason] = blockOf(state, link);
    const was = card.dataset.blocked ?? '';
    card.dataset.blocked = kind;
    setText(card.querySelector('[data-field="blocked"]'), reason);
    // Motion controls are off while blocked; with the api or backend gone, everything but stop is. Each says why.
    for (const control of card.querySelectorAll('[data-motion-control]')) disable(control, kind !== '', reason);
    for (const control of card.querySelectorAll('[data-needs-backend]')) disable(control, kind !== '' && kind !== 'estop', reason);
    if (kind && !was) for (const listener of blockedListeners) listener(card.dataset.robot, kind);

    const message = card.querySelector('[data-field="message"]');
    const clears = message && clearsWhen[message.dataset.kind];
    if (clears && state && clears(state, link)) say(card.dataset.robot, { ok: true });
  }

  // A disabled control says why on hover (title) and to a screen reader; its own title comes back when it is on.
  function disable(control, off, reason) {
    control.disabled = off;
    if (off) {
      if (control.dataset.title === undefined) control.dataset.title = control.getAttribute('title') ?? '';
      control.title = reason;
    } else if (control.dataset.title !== undefined) {
      if (control.dataset.title) control.title = control.dataset.title;
      else control.removeAttribute('title');
      delete control.dataset.title;
    }
  }

  /**
   * Shows a command's answer on its robot's card: a refusal stays until a later success or until its cause clears,
   * and for at least READABLE_MS, so a refusal that comes and goes with every renewal can still be read.
   */
  function say(robot, result) {
    const line = cardFor(robot)?.querySelector('[data-field="message"]');
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

  live.onState((state) => {
    const card = cardFor(state.name);
    if (card) render(card);
  });
  live.onLink(() => cards.forEach(render));

  return {
    say,
    clearsWhen,
    refreshSpeed(robot) {
      const card = cardFor(robot);
      if (card) renderSpeed(card, live.states.get(robot.toLowerCase()));
    },
    /** (robot, kind) when a robot's motion controls go off. */
    onBlocked: (listener) => blockedListeners.push(listener),
  };
}
