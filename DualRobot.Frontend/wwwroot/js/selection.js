// What the operator drives: one robot (the one the switcher shows on a narrow screen, ringed in the arena and framed
// among the cards) or Both, every robot as the group `all` in a mode (group-target.js). The switcher's buttons
// select; so does touching or focusing anything on a robot's card, except while Both is chosen: then a card's D-pad
// drives both, and only the switcher (or the Both button again) goes back to one robot.

import { MODES } from './group-target.js';

export function attachSelection(root) {
  const cards = [...root.querySelectorAll('[data-robot-card]')];
  const buttons = [...root.querySelectorAll('[data-select-robot]')];
  const bothButtons = [...root.querySelectorAll('[data-select-both]')];
  const modeField = root.querySelector('[data-both-mode]');
  const modeSelect = modeField?.querySelector('select');
  const listeners = [];
  let selected = cards.find((card) => card.dataset.selected === 'true')?.dataset.robot ?? cards[0]?.dataset.robot ?? null;
  let both = false;

  function show() {
    for (const card of cards) card.dataset.selected = String(both || card.dataset.robot === selected);
    for (const button of buttons) button.setAttribute('aria-pressed', String(!both && button.dataset.selectRobot === selected));
    for (const button of bothButtons) button.setAttribute('aria-pressed', String(both));
    if (modeField) modeField.hidden = !both;
    for (const listener of listeners) listener(selected);
  }

  function set(name) {
    if (!name || (name === selected && !both)) return;
    selected = name;
    both = false;
    show();
  }

  function setBoth(on) {
    if (on === both || (on && cards.length < 2)) return;
    both = on;
    show();
  }

  for (const button of buttons) button.addEventListener('click', () => set(button.dataset.selectRobot));
  // In the switcher Both is one of the choices; beside the arena (a wide screen) the one button turns it on and off.
  for (const button of bothButtons) button.addEventListener('click', () => setBoth(button.dataset.selectBoth === 'toggle' ? !both : true));
  for (const card of cards) {
    card.addEventListener('pointerdown', () => { if (!both) set(card.dataset.robot); });
    card.addEventListener('focusin', () => { if (!both) set(card.dataset.robot); });
  }
  modeSelect?.addEventListener('change', () => {
    for (const listener of listeners) listener(selected);
  });

  return {
    get: () => selected,
    /** True while Both is chosen: every input drives the group. */
    get both() {
      return both;
    },
    /** Both's mode (together, mirror, follow). */
    get mode() {
      return MODES.includes(modeSelect?.value) ? modeSelect.value : MODES[0];
    },
    set,
    setBoth,
    onChange: (listener) => listeners.push(listener),
  };
}
