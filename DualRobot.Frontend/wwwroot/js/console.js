// Entry point of the operator console page: one live subscription, and each part of the page attached to it.
import { connectLiveState } from './live-state.js';
import { attachCards } from './cards.js';
import { attachBanners } from './banners.js';
import { createControlClient } from './control-client.js';
import { attachControls } from './controls.js';
import { attachGamepads } from './gamepad.js';
import { attachJoysticks } from './joystick.js';
import { attachArena } from './arena.js';
import { attachZones } from './arena-zones.js';
import { createZoneEditor } from './zone-editor.js';
import { attachSelection } from './selection.js';
import { attachDriver } from './driver.js';
import { attachActivity } from './activity.js';
import { attachCommandButtons } from './command-buttons.js';
import { createReadout } from './readout.js';
import { attachLongPress } from './long-press.js';
import { groupOf } from './group-target.js';

const meta = (name) => document.querySelector(`meta[name="${name}"]`)?.content;
const me = document.body.dataset.user || null;
const role = document.body.dataset.role || null;
// Only operators get the token; without it the page stays read-only.
const token = meta('request-verification-token');

const live = connectLiveState(document);
const cards = attachCards(document, live, { me, role });
const banners = attachBanners(document, live, cards.clearsWhen);
const selection = attachSelection(document);
const arena = attachArena(document, live, selection);
if (arena) {
  // The editor is there for supervisors only (the page has its controls only for them).
  const editor = createZoneEditor(document, arena, token);
  const zones = attachZones(document, live, arena, { signedIn: Boolean(me), remove: editor?.remove });
  editor?.attach(zones);
}
attachActivity(document, live);
attachLongPress(document);

if (token) {
  const timeoutMs = Number(meta('command-timeout-ms')) || 1000;
  const readout = createReadout(document.getElementById('rtt'));
  const client = createControlClient(token, { timeoutMs, onAnswer: readout.answer });
  const arcTurn = Number(meta('key-arc-turn')) || undefined;
  const controls = attachControls(document, client, live, { cards, banners, readout, arcTurn, selection });
  const robots = [...controls.byRobot.keys()];
  const { target, isBlocked } = controls;
  const estopButton = document.querySelector('form[data-command="estop"] button');
  attachGamepads(document, {
    holds: controls.holds,
    robots,
    speedOf: controls.speedOf,
    isBlocked,
    target,
    nameOf: (key) => (groupOf(key) ? `both (${selection.mode})` : key),
    emergencyStop: () => estopButton?.form?.requestSubmit(estopButton),
  });
  attachJoysticks(document, { holds: controls.holds, speedOf: controls.speedOf, target });

  for (const button of document.querySelectorAll('[data-reset-pose]')) {
    button.addEventListener('click', async (event) => {
      event.preventDefault();
      cards.say(button.dataset.resetPose, await client.resetPose(button.dataset.resetPose, { control: button }));
    });
  }
  attachCommandButtons(document, client, cards);
  attachDriver(document, live, client, me);
} else {
  attachDriver(document, live, null, me);
}
