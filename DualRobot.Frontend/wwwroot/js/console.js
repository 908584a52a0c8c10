// Entry point of the operator console page.
import { connectLiveState } from './live-state.js';
import { createControlClient } from './control-client.js';
import { attachControls } from './controls.js';
import { attachGamepads } from './gamepad.js';
import { attachJoysticks } from './joystick.js';
import { attachArena } from './arena.js';
import { attachDriver } from './driver.js';
import { attachActivity } from './activity.js';
import { attachCommandButtons } from './command-buttons.js';

const live = connectLiveState(document);
attachArena(document, live);
attachActivity(document, live);

// Only operators get the token; without it the page stays read-only.
const token = document.querySelector('meta[name="request-verification-token"]')?.content;
if (token) {
  const timeoutMs = Number(document.querySelector('meta[name="command-timeout-ms"]')?.content) || 1000;
  const rtt = document.getElementById('rtt');
  // The last operator command's round trip, like a ping readout (heartbeats are the page's, not the operator's).
  const onAnswer = (what, result) => {
    if (!rtt || what.startsWith('heartbeat')) return;
    rtt.textContent = `${what}: ${result.status === 0 ? 'no answer' : `${Math.round(result.ms)} ms`}${result.ok || result.status === 0 ? '' : ` (${result.status})`}`;
    rtt.dataset.ok = String(result.ok);
  };
  const client = createControlClient(token, { timeoutMs, onAnswer });
  const controls = attachControls(document, client, live);
  const robots = [...controls.byRobot.keys()];
  const isBlocked = (robot) => Boolean(controls.byRobot.get(robot)?.dataset.blocked);
  const estopButton = document.querySelector('form[data-command="estop"] button');
  attachGamepads(document, {
    holds: controls.holds,
    robots,
    speedOf: controls.speedOf,
    isBlocked,
    emergencyStop: () => estopButton?.form?.requestSubmit(estopButton),
  });
  attachJoysticks(document, { holds: controls.holds, speedOf: controls.speedOf });

  for (const button of document.querySelectorAll('[data-reset-pose]')) {
    button.addEventListener('click', async (event) => {
      event.preventDefault();
      live.say(button.dataset.resetPose, await client.resetPose(button.dataset.resetPose, { control: button }));
    });
  }
  attachCommandButtons(document, client, live);
  attachDriver(document, live, client);
} else {
  attachDriver(document, live, null);
}
