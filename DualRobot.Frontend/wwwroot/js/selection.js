// Which robot is selected: the one the switcher shows on a narrow screen, ringed in the arena and framed among the
// cards. The switcher's buttons select; so does touching or focusing anything on a robot's card.

export function attachSelection(root) {
  const cards = [...root.querySelectorAll('[data-robot-card]')];
  const buttons = [...root.querySelectorAll('[data-select-robot]')];
  const listeners = [];
  let selected = cards.find((card) => card.dataset.selected === 'true')?.dataset.robot ?? cards[0]?.dataset.robot ?? null;

  function set(name) {
    if (!name || name === selected) return;
    selected = name;
    for (const card of cards) card.dataset.selected = String(card.dataset.robot === name);
    for (const button of buttons) button.setAttribute('aria-pressed', String(button.dataset.selectRobot === name));
    for (const listener of listeners) listener(name);
  }

  for (const button of buttons) button.addEventListener('click', () => set(button.dataset.selectRobot));
  for (const card of cards) {
    card.addEventListener('pointerdown', () => set(card.dataset.robot));
    card.addEventListener('focusin', () => set(card.dataset.robot));
  }

  return { get: () => selected, set, onChange: (listener) => listeners.push(listener) };
}
