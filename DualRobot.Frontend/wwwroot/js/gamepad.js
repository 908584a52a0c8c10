// Gamepads (W3C Gamepad API, standard mapping), polled once per animation frame while one is plugged in. The left stick drives the linear
// and angular velocity of the pad's robot, only while LB or RB is held (teleop_twist_joy's enable button); letting
// go sends one stop. B stops the robot until the enable button is pressed anew (pad-latch.js), Back/Select is the
// emergency stop. The first pad drives the robot chosen on the page, a second pad the other one; while Both is chosen
// the first pad drives the group (target) and a second none.

import { stickCommand } from './mixing.js';
import { idlePad, latch, stepPad } from './pad-latch.js';

const BUTTON = { B: 1, LB: 4, RB: 5, BACK: 8 };

export function attachGamepads(root, { holds, robots, emergencyStop, speedOf, isBlocked, target = (robot) => robot, nameOf = (robot) => robot }) {
  const panel = root.getElementById('gamepads');
  const selector = root.getElementById('pad-robot');
  const list = panel?.querySelector('[data-field="pads"]');
  const pads = new Map(); // gamepad index -> { robot, moving, buttons (pad-latch.js) }
  let shown = '';
  let polling = false;

  const sourceOf = (index) => `pad:${index}`;

  function robotFor(order) {
    const first = selector?.value || robots[0];
    const driven = target(first);
    if (order === 0) return driven;
    if (order === 1 && driven === first) return robots.find((robot) => robot !== first) ?? null;
    return null;
  }

  function halt(index, pad) {
    if (pad.moving && pad.robot) holds.release(pad.robot, sourceOf(index));
    pad.moving = false;
  }

  function step(gamepad, pad) {
    const pressed = (button) => Boolean(gamepad.buttons[button]?.pressed);
    const frame = stepPad(pad.buttons, { enable: pressed(BUTTON.LB) || pressed(BUTTON.RB), b: pressed(BUTTON.B), back: pressed(BUTTON.BACK) });
    pad.buttons = frame.pad;
    if (frame.emergencyStop) emergencyStop();
    if (frame.stop && pad.robot) {
      pad.moving = false;
      holds.stop(pad.robot);
    }
    if (!frame.drive || !pad.robot || isBlocked(pad.robot)) {
      halt(gamepad.index, pad);
      return;
    }

    const command = stickCommand(gamepad.axes[0] ?? 0, gamepad.axes[1] ?? 0, speedOf(pad.robot) ?? 1);
    if (!command) {
      halt(gamepad.index, pad);
      return;
    }
    pad.moving = true;
    holds.hold(pad.robot, command, sourceOf(gamepad.index));
  }

  function render(connected) {
    const drives = (gamepad) => {
      const robot = pads.get(gamepad.index)?.robot;
      return robot ? nameOf(robot) : 'no robot';
    };
    const text = connected.map((gamepad, order) => `Pad ${order + 1} (${gamepad.id}) → ${drives(gamepad)}`).join('\n');
    if (text === shown || !panel) return;
    shown = text;
    panel.hidden = connected.length === 0;
    list.replaceChildren(...connected.map((gamepad, order) => {
      const item = root.createElement('li');
      item.dataset.pad = String(order + 1);
      item.textContent = `Pad ${order + 1} (${gamepad.id}) drives ${drives(gamepad)}`;
      return item;
    }));
  }

  function frame() {
    const connected = [...(navigator.getGamepads?.() ?? [])].filter((gamepad) => gamepad?.connected);
    const seen = new Set();
    connected.forEach((gamepad, order) => {
      seen.add(gamepad.index);
      const robot = robotFor(order);
      let pad = pads.get(gamepad.index);
      if (!pad) {
        pad = { robot, moving: false, buttons: idlePad() };
        pads.set(gamepad.index, pad);
      }
      if (pad.robot !== robot) {
        halt(gamepad.index, pad);
        pad.robot = robot;
      }
      step(gamepad, pad);
    });
    // A pad that went away stops what it drove.
    for (const [index, pad] of pads) {
      if (!seen.has(index)) {
        halt(index, pad);
        pads.delete(index);
      }
    }
    render(connected);
    // Without a pad there is nothing to poll: an animation frame per display refresh would keep the page's main thread
    // busy rendering, and every key or pointer press would wait behind it.
    polling = connected.length > 0 || pads.size > 0;
    if (polling) requestAnimationFrame(frame);
  }

  function watch() {
    if (polling) return;
    polling = true;
    requestAnimationFrame(frame);
  }

  // A hold of a pad that ended other than by the pad (the page lost, a stop from elsewhere, the robot blocked): the pad
  // must let go of its enable button and press it again to drive.
  holds.onInterrupted((robot, source) => {
    for (const [index, pad] of pads) {
      if (sourceOf(index) === source || (source === null && pad.robot === robot)) {
        pad.moving = false;
        pad.buttons = latch(pad.buttons);
      }
    }
  });
  // A page lost with nothing held yet: no pad drives on until pressed anew either.
  const latchAll = () => {
    for (const pad of pads.values()) {
      pad.moving = false;
      pad.buttons = latch(pad.buttons);
    }
  };
  window.addEventListener('blur', latchAll);
  root.addEventListener('visibilitychange', () => {
    if (root.visibilityState === 'hidden') latchAll();
  });

  // The browser announces a pad once it is used; a slow check catches one that is already in use when the page loads.
  window.addEventListener('gamepadconnected', watch);
  setInterval(() => {
    if (!polling && [...(navigator.getGamepads?.() ?? [])].some((gamepad) => gamepad?.connected)) watch();
  }, 1000);
  watch();
}
