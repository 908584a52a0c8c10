// Operator controls on the robot cards: D-pad, eye, speed, servos, emergency stop, and what stops a hold when the page
// loses the operator (blur, hidden, closed). The keys are keyboard.js's. Every command goes through the console, never
// straight to the api; motion goes through the holds. While Both is chosen (selection.js) every motion input drives the
// group `all` instead of its card's robot: one hold of the group key (group-target.js), shown on every member's card.

import { createHolds } from './holds.js';
import { attachKeyboard } from './keyboard.js';
import { contract } from './contract.js';
import { ALL, createTargetClient, groupKey, groupOf, groupSpeed } from './group-target.js';

const SERVO_DEBOUNCE_MS = 120;

/**
 * @param view cards (cards.js: answers on the cards, blocked robots), banners (banners.js: the e-stop's answers),
 *   readout (readout.js: "Last command", told of a stop of every robot at once as one command), arcTurn: the key
 *   arcs' turn share (Driving:KeyArcTurn), selection (selection.js: one robot or Both, and Both's mode).
 */
export function attachControls(root, client, live, view) {
  const { arcTurn, readout, selection } = view;
  const cards = [...root.querySelectorAll('[data-robot-card]')];
  const byRobot = new Map(cards.map((card) => [card.dataset.robot, card]));
  const both = groupKey(ALL);

  /** What an input on a robot's card drives now: that robot, or the group while Both is chosen. */
  const target = (robot) => (selection?.both ? both : robot);
  /** The robots a hold's key moves: `all` is every robot on the page. */
  const membersOf = (key) => (groupOf(key) ? [...byRobot.keys()] : [key]);

  function say(key, result) {
    for (const robot of membersOf(key)) view.cards.say(robot, result);
  }

  function speedOfRobot(robot) {
    const slider = byRobot.get(robot)?.querySelector('input[data-speed]');
    return slider ? Number(slider.value) / 100 : undefined;
  }

  const speedOf = (key) => (groupOf(key) ? groupSpeed(membersOf(key).map(speedOfRobot)) : speedOfRobot(key));

  /** A robot's motion controls are off (e-stop, backend or api lost); a group's when any member's are. */
  const isBlocked = (key) => membersOf(key).some((robot) => Boolean(byRobot.get(robot)?.dataset.blocked));

  function controlOf(robot, command, source) {
    if (groupOf(robot)) return null;
    const card = byRobot.get(robot);
    if (!card) return null;
    if (source === 'stop') return card.querySelector('[data-action="stop"]');
    if (command?.direction) return card.querySelector(`[data-direction="${command.direction}"]`);
    if (source === 'stick') return card.querySelector('[data-joystick]');
    return card.querySelector('.dpad');
  }

  function pressed(key, command, source) {
    for (const robot of membersOf(key)) {
      const card = byRobot.get(robot);
      for (const button of card?.querySelectorAll('[data-direction]') ?? []) {
        button.classList.toggle('is-active', button.dataset.direction === command?.direction);
      }
      card?.querySelector('.dpad')?.classList.toggle('is-arc', Boolean(command && !command.direction));
      if (card) card.dataset.holding = source ?? '';
    }
  }

  const motions = createTargetClient(client, { modeOf: () => selection?.mode, stopDirection: contract.stop });
  const holds = createHolds(motions, { say, pressed, speedOf, controlOf }, {
    transient: [contract.kinds.rateLimited, contract.kinds.backendUnavailable, contract.kinds.apiUnreachable],
    notMine: [contract.kinds.robotInUse],
    stopDirection: contract.stop,
  });

  async function stopEverything() {
    const robots = [...byRobot.keys()];
    // A group's hold ends too, with the group's stop: its heartbeats would only be refused once its members stopped.
    const groups = holds.heldRobots().filter(groupOf);
    const answers = readout?.together([...robots, ...groups.map((key) => `group ${groupOf(key)}`)].map((name) => `stop ${name}`), 'stop every robot');
    await Promise.all([...robots, ...groups].map((key) => holds.stop(key)));
    await answers;
  }

  const blocked = (element) => element.disabled || isBlocked(target(element.closest('[data-robot-card]').dataset.robot));

  // --- D-pad: pointer events cover mouse, touch and pen alike.
  for (const button of root.querySelectorAll('button[data-direction]')) {
    const robot = button.closest('[data-robot-card]').dataset.robot;
    button.addEventListener('pointerdown', (event) => {
      if (event.button !== 0) return;
      event.preventDefault();
      if (blocked(button)) return;
      // Touch captures the pointer implicitly; without this, sliding a finger off would not stop the robot.
      if (button.hasPointerCapture(event.pointerId)) button.releasePointerCapture(event.pointerId);
      holds.hold(target(robot), { direction: button.dataset.direction }, 'pointer');
    });
    for (const type of ['pointerup', 'pointercancel', 'pointerleave']) {
      button.addEventListener(type, () => holds.release(target(robot), 'pointer'));
    }
    // A pointer click already drove; only a keyboard "click" (detail 0) goes on to the form's submit as a nudge.
    button.addEventListener('click', (event) => {
      if (event.detail > 0) event.preventDefault();
    });
    button.addEventListener('contextmenu', (event) => event.preventDefault());
  }

  // --- Eye: lit while held, like the original.
  for (const button of root.querySelectorAll('button[data-eye-hold]')) {
    const robot = button.closest('[data-robot-card]').dataset.robot;
    let held = false;
    button.addEventListener('pointerdown', async (event) => {
      if (event.button !== 0) return;
      event.preventDefault();
      if (button.disabled) return;
      held = true;
      button.classList.add('is-active');
      say(robot, await client.eye(robot, 'on', { control: button }));
    });
    for (const type of ['pointerup', 'pointercancel', 'pointerleave']) {
      button.addEventListener(type, async () => {
        if (!held) return;
        held = false;
        button.classList.remove('is-active');
        say(robot, await client.eye(robot, 'off', { control: button }));
      });
    }
    button.addEventListener('click', (event) => {
      if (event.detail > 0) event.preventDefault();
    });
    button.addEventListener('contextmenu', (event) => event.preventDefault());
  }

  // --- Forms: with a script every submit becomes a fetch; without one they post to the page (PRG).
  for (const form of root.querySelectorAll('form[data-robot]')) {
    const robot = form.dataset.robot;
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const button = event.submitter;
      if (!button) return;
      if (button.dataset.direction) {
        // Only the arrow itself, focused and pressed by key, nudges: Enter in another field of the form (implicit
        // submission picks the form's first button, "forward") never drives.
        if (root.activeElement !== button) return;
        const key = target(robot);
        say(key, await motions.drive(key, button.dataset.direction, speedOf(key), undefined, { control: button }));
      } else if (button.dataset.action === 'stop') {
        await holds.stop(target(robot));
      } else if (button.hasAttribute('data-eye-blink')) {
        const blinking = button.getAttribute('aria-pressed') === 'true';
        say(robot, await client.eye(robot, blinking ? 'off' : 'blink', { control: button }));
      } else if (button.hasAttribute('data-eye-hold') || button.hasAttribute('data-eye-off')) {
        say(robot, await client.eye(robot, button.value, { control: button }));
      }
    });

    for (const slider of form.querySelectorAll('input[type="range"]')) {
      const output = slider.parentElement.querySelector('[data-output]');
      const unit = output?.dataset.unit ?? '';
      slider.addEventListener('input', () => {
        slider.removeAttribute('data-unset');
        if (output) output.textContent = `${slider.value}${unit}`;
        view.cards.refreshSpeed(robot);
      });
    }

    const speed = form.querySelector('input[data-speed]');
    speed?.addEventListener('change', () => holds.respeed(target(robot)));

    for (const slider of form.querySelectorAll('input[data-servo]')) {
      let timer = 0;
      let sent = null;
      const send = async () => {
        clearTimeout(timer);
        const angle = Number(slider.value);
        if (sent === angle) return;
        sent = angle;
        const result = await client.servo(robot, Number(slider.dataset.servo), angle, { control: slider });
        if (!result.ok) sent = null;
        say(robot, result);
      };
      slider.addEventListener('input', () => {
        sent = null;
        clearTimeout(timer);
        timer = setTimeout(send, SERVO_DEBOUNCE_MS);
      });
      slider.addEventListener('change', send);
      // A click or Enter on the angle the slider already shows sends it too: a servo never set shows no angle,
      // so its slider has nothing to change from, and 0° must be sendable like any other.
      const sendShown = () => {
        if (slider.dataset.angle !== slider.value) {
          sent = null;
          send();
        }
      };
      slider.addEventListener('pointerup', sendShown);
      slider.addEventListener('keydown', (event) => {
        if (event.key === 'Enter') sendShown();
      });
    }
  }

  // --- Emergency stop and release.
  for (const form of root.querySelectorAll('form[data-command]')) {
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const estop = form.dataset.command === 'estop';
      const button = form.querySelector('button');
      // A robot being driven gets its own stop too: it goes through whatever happens to the e-stop call.
      if (estop) for (const robot of holds.heldRobots()) holds.stop(robot);
      const result = estop ? await client.emergencyStop({ control: button }) : await client.release({ control: button });
      view.banners.commandStatus(result);
    });
  }

  const keys = attachKeyboard(root, { cards, holds, speedOf, stopEverything, arcTurn, target, isBlocked });

  // --- Whatever takes the page away from the operator stops what they were holding.
  function stopHeld(options) {
    keys.clear();
    for (const robot of holds.heldRobots()) holds.letGo(robot, options);
  }
  window.addEventListener('blur', () => stopHeld());
  root.addEventListener('visibilitychange', () => {
    if (root.visibilityState === 'hidden') stopHeld();
  });
  // keepalive lets the stop outlive the page; the lease expiring is the backstop if even that is lost.
  window.addEventListener('pagehide', () => stopHeld({ keepalive: true }));

  // A robot whose motion controls just went off (e-stop, backend or api lost) stops being held.
  view.cards.onBlocked((robot) => {
    if (holds.sourceOf(robot)) holds.letGo(robot);
    if (holds.sourceOf(both)) holds.letGo(both);
  });

  // Choosing Both or one robot, or another mode, ends what was held (with its stop): the next press drives the new
  // choice, and nothing goes on moving in a way the operator no longer sees chosen.
  let chosen = `${selection?.both}:${selection?.mode}`;
  selection?.onChange(() => {
    const now = `${selection.both}:${selection.mode}`;
    if (now === chosen) return;
    chosen = now;
    stopHeld();
  });

  // Someone else stopped a robot this page holds: the hold ends where the operator sees it (the card names who).
  live.onState((state) => holds.stoppedElsewhere(state.name, state));

  return { holds, speedOf, stopEverything, byRobot, target, isBlocked };
}
