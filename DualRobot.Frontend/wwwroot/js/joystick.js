// Touch joystick, one per robot card (shown on touch devices only): drag to drive with the velocity command,
// release to stop. Pointer events, so a mouse or pen works too. While Both is chosen a stick drives the group
// (target, fixed for the touch: a choice made meanwhile has already ended its hold).

import { stickCommand } from './mixing.js';

export function attachJoysticks(root, { holds, speedOf, target = (robot) => robot }) {
  for (const stick of root.querySelectorAll('[data-joystick]')) {
    const cardRobot = stick.closest('[data-robot-card]').dataset.robot;
    let robot = cardRobot;
    const knob = stick.querySelector('.joystick-knob');
    let pointer = null;

    function centre() {
      if (knob) knob.style.transform = '';
    }

    function move(event) {
      const box = stick.getBoundingClientRect();
      const radius = box.width / 2;
      let x = (event.clientX - (box.left + radius)) / radius;
      let y = (event.clientY - (box.top + box.height / 2)) / radius;
      const length = Math.hypot(x, y);
      if (length > 1) {
        x /= length;
        y /= length;
      }
      if (knob) knob.style.transform = `translate(${x * radius * 0.6}px, ${y * radius * 0.6}px)`;
      const command = stickCommand(x, y, speedOf(robot) ?? 1);
      if (command) holds.hold(robot, command, 'stick');
      else holds.release(robot, 'stick');
    }

    function end() {
      if (pointer === null) return;
      pointer = null;
      centre();
      holds.release(robot, 'stick');
    }

    stick.addEventListener('pointerdown', (event) => {
      if (stick.disabled || pointer !== null) return;
      event.preventDefault();
      pointer = event.pointerId;
      robot = target(cardRobot);
      stick.setPointerCapture(event.pointerId);
      move(event);
    });
    stick.addEventListener('pointermove', (event) => {
      if (event.pointerId === pointer) move(event);
    });
    for (const type of ['pointerup', 'pointercancel', 'lostpointercapture']) {
      stick.addEventListener(type, (event) => {
        if (event.pointerId === pointer) end();
      });
    }
    // Its hold ended elsewhere (a stop from another user, the robot blocked): the finger must lift and touch again.
    holds.onInterrupted((ended, source) => {
      if (ended !== robot || source !== 'stick' || pointer === null) return;
      if (stick.hasPointerCapture(pointer)) stick.releasePointerCapture(pointer);
      pointer = null;
      centre();
    });
    stick.addEventListener('click', (event) => event.preventDefault());
    stick.addEventListener('contextmenu', (event) => event.preventDefault());
  }
}
