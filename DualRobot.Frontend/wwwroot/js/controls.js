// Operator controls: hold-to-move with heartbeats (the api's deadman stops a robot whose heartbeats stop),
// keyboard driving, eye, speed and servos. Every command goes through the console, never straight to the api.

const HEARTBEAT_MS = 150;
const LEASE_MS = 500;
const SERVO_DEBOUNCE_MS = 120;

// event.code, so the keys sit in the same place on every keyboard layout.
const KEYMAPS = [
  { KeyW: 'forward', ArrowUp: 'forward', KeyS: 'backward', ArrowDown: 'backward', KeyA: 'left', ArrowLeft: 'left', KeyD: 'right', ArrowRight: 'right' },
  { KeyI: 'forward', KeyK: 'backward', KeyJ: 'left', KeyL: 'right' },
];

export function attachControls(root, client) {
  const cards = [...root.querySelectorAll('[data-robot-card]')];
  const byRobot = new Map(cards.map((card) => [card.dataset.robot, card]));
  const motions = new Map(); // robot -> { direction, source, timer }
  const queues = new Map(); // robot -> promise: drive and stop leave in the order they were asked for

  function say(robot, result) {
    const card = byRobot.get(robot);
    const line = card?.querySelector('[data-field="message"]');
    if (!line) return;
    line.textContent = result.ok ? '' : result.message;
    line.classList.toggle('is-error', !result.ok);
  }

  function inOrder(robot, send) {
    const next = (queues.get(robot) ?? Promise.resolve()).then(send, send);
    queues.set(robot, next);
    return next;
  }

  function speedOf(robot) {
    const slider = byRobot.get(robot)?.querySelector('input[data-speed]');
    return slider ? Number(slider.value) / 100 : undefined;
  }

  function showPressed(robot, direction) {
    for (const button of byRobot.get(robot)?.querySelectorAll('[data-direction]') ?? []) {
      button.classList.toggle('is-active', button.dataset.direction === direction);
    }
  }

  function endMotion(robot) {
    const motion = motions.get(robot);
    if (motion) clearInterval(motion.timer);
    motions.delete(robot);
    showPressed(robot, null);
    return motion;
  }

  function start(robot, direction, source) {
    const current = motions.get(robot);
    if (current?.direction === direction && current.source === source) return;
    endMotion(robot);
    const motion = { direction, source, timer: 0 };
    motions.set(robot, motion);
    showPressed(robot, direction);
    // While held, keep renewing the short lease; if this page dies, the api stops the robot by itself.
    motion.timer = setInterval(async () => {
      const result = await client.heartbeat(robot, LEASE_MS);
      if (!result.ok && motions.get(robot) === motion) {
        endMotion(robot);
        say(robot, result);
      }
    }, HEARTBEAT_MS);
    inOrder(robot, async () => {
      if (motions.get(robot) !== motion) return; // released before it was sent: the stop follows anyway
      const result = await client.drive(robot, direction, speedOf(robot), LEASE_MS);
      say(robot, result);
      if (!result.ok && motions.get(robot) === motion) endMotion(robot);
    });
  }

  function stop(robot, options) {
    endMotion(robot);
    return inOrder(robot, async () => {
      const result = await client.drive(robot, 'stop', undefined, undefined, options);
      // A stop that worked leaves the reason the motion was refused on screen.
      if (!result.ok) say(robot, result);
    });
  }

  function stopHeld(options) {
    for (const robot of [...motions.keys()]) stop(robot, options);
  }

  function stopEverything() {
    for (const robot of byRobot.keys()) stop(robot);
  }

  // --- D-pad: pointer events cover mouse, touch and pen alike.
  for (const button of root.querySelectorAll('button[data-direction]')) {
    const robot = button.closest('[data-robot-card]').dataset.robot;
    button.addEventListener('pointerdown', (event) => {
      if (event.button !== 0) return;
      event.preventDefault();
      // Touch captures the pointer implicitly; without this, sliding a finger off would not stop the robot.
      if (button.hasPointerCapture(event.pointerId)) button.releasePointerCapture(event.pointerId);
      start(robot, button.dataset.direction, 'pointer');
    });
    for (const type of ['pointerup', 'pointercancel', 'pointerleave']) {
      button.addEventListener(type, () => {
        if (motions.get(robot)?.source === 'pointer') stop(robot);
      });
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
      held = true;
      button.classList.add('is-active');
      say(robot, await client.eye(robot, 'on'));
    });
    for (const type of ['pointerup', 'pointercancel', 'pointerleave']) {
      button.addEventListener(type, async () => {
        if (!held) return;
        held = false;
        button.classList.remove('is-active');
        say(robot, await client.eye(robot, 'off'));
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
        say(robot, await client.drive(robot, button.dataset.direction, speedOf(robot)));
      } else if (button.dataset.action === 'stop') {
        await stop(robot);
      } else if (button.hasAttribute('data-eye-blink')) {
        const blinking = button.getAttribute('aria-pressed') === 'true';
        say(robot, await client.eye(robot, blinking ? 'off' : 'blink'));
      } else if (button.hasAttribute('data-eye-hold') || button.hasAttribute('data-eye-off')) {
        say(robot, await client.eye(robot, button.value));
      } else {
        // A new speed applies at once to a motion in progress (the api takes it with the drive it renews).
    form.querySelector('input[data-speed]')?.addEventListener('change', () => {
      const motion = motions.get(robot);
      if (!motion) return;
      inOrder(robot, async () => {
        if (motions.get(robot) !== motion) return;
        say(robot, await client.drive(robot, motion.direction, speedOf(robot), LEASE_MS));
      });
    });

    for (const slider of form.querySelectorAll('input[data-servo]')) {
          say(robot, await client.servo(robot, Number(slider.dataset.servo), Number(slider.value)));
        }
      }
    });

    for (const slider of form.querySelectorAll('input[type="range"]')) {
      const output = slider.parentElement.querySelector('[data-output]');
      const unit = output?.dataset.unit ?? '';
      slider.addEventListener('input', () => {
        if (output) output.textContent = `${slider.value}${unit}`;
      });
    }

    // A new speed applies at once to a motion in progress (the api takes it with the drive it renews).
    form.querySelector('input[data-speed]')?.addEventListener('change', () => {
      const motion = motions.get(robot);
      if (!motion) return;
      inOrder(robot, async () => {
        if (motions.get(robot) !== motion) return;
        say(robot, await client.drive(robot, motion.direction, speedOf(robot), LEASE_MS));
      });
    });

    for (const slider of form.querySelectorAll('input[data-servo]')) {
      let timer = 0;
      const send = async () => {
        clearTimeout(timer);
        say(robot, await client.servo(robot, Number(slider.dataset.servo), Number(slider.value)));
      };
      slider.addEventListener('input', () => {
        clearTimeout(timer);
        timer = setTimeout(send, SERVO_DEBOUNCE_MS);
      });
      slider.addEventListener('change', send);
    }
  }

  // --- Emergency stop and release.
  const banner = root.getElementById('banner-estop');
  for (const form of root.querySelectorAll('form[data-command]')) {
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const estop = form.dataset.command === 'estop';
      if (estop) for (const robot of [...motions.keys()]) endMotion(robot);
      const result = estop ? await client.emergencyStop() : await client.release();
      if (result.ok && banner) banner.hidden = !estop;
      const status = root.getElementById('command-status');
      if (status) {
        status.textContent = result.ok ? '' : result.message;
      }
    });
  }

  // --- Keyboard: keydown starts, keyup stops, auto-repeat ignored; Space stops everything.
  const cardKeys = KEYMAPS.map((map, index) => (cards[index] ? { map, robot: cards[index].dataset.robot } : null)).filter(Boolean);
  const editing = (target) => target instanceof HTMLElement && target.closest('input, select, textarea, [contenteditable]');

  root.addEventListener('keydown', (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.code === 'Space') {
      event.preventDefault();
      if (!event.repeat) stopEverything();
      return;
    }
    if (editing(event.target)) return; // arrows belong to the focused slider
    const hit = cardKeys.find(({ map }) => map[event.code]);
    if (!hit) return;
    event.preventDefault();
    if (event.repeat) return;
    start(hit.robot, hit.map[event.code], `key:${event.code}`);
  });

  root.addEventListener('keyup', (event) => {
    for (const [robot, motion] of motions) {
      if (motion.source === `key:${event.code}`) stop(robot);
    }
  });

  // --- Whatever takes the page away from the operator stops what they were holding.
  window.addEventListener('blur', () => stopHeld());
  root.addEventListener('visibilitychange', () => {
    if (root.visibilityState === 'hidden') stopHeld();
  });
  // keepalive lets the stop outlive the page; the lease expiring is the backstop if even that is lost.
  window.addEventListener('pagehide', () => stopHeld({ keepalive: true }));
}
