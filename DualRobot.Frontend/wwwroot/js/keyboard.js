// The keyboard drives: keydown starts, keyup stops, auto-repeat ignored; two keys of a card drive an arc (a velocity,
// as gentle as Driving:KeyArcTurn says); Space stops every robot. event.code, so the keys sit in the same place on
// every keyboard layout. While Both is chosen every card's keys drive the group (target). Enter on a slider submits nothing: the card's form would take it as its first button, a drive.

import { keyCommand } from './mixing.js';

const KEYMAPS = [
  { KeyW: 'forward', ArrowUp: 'forward', KeyS: 'backward', ArrowDown: 'backward', KeyA: 'left', ArrowLeft: 'left', KeyD: 'right', ArrowRight: 'right' },
  { KeyI: 'forward', KeyK: 'backward', KeyJ: 'left', KeyL: 'right' },
];

// Keys a focused slider uses itself; every other drive key still drives.
const SLIDER_KEYS = new Set(['ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight', 'Home', 'End', 'PageUp', 'PageDown']);

/** @returns {{ clear(): void, forget(robot: string): void }} what the page's other handlers need of the held keys */
export function attachKeyboard(root, { cards, holds, speedOf, stopEverything, arcTurn, target = (robot) => robot, isBlocked }) {
  const cardKeys = KEYMAPS.map((map, index) => (cards[index] ? { map, card: cards[index] } : null)).filter(Boolean);
  const heldKeys = new Map(); // robot or group key -> Map(code -> direction), in the order pressed
  const typing = (target) => target instanceof HTMLElement && target.closest('select, textarea, [contenteditable], input:not([type="range"])');
  const sliderKey = (event) => event.target instanceof HTMLInputElement && event.target.type === 'range' && SLIDER_KEYS.has(event.code);

  function driveKeys(robot) {
    const keys = heldKeys.get(robot);
    if (!keys || keys.size === 0) {
      heldKeys.delete(robot);
      holds.release(robot, 'keys');
      return;
    }
    const speed = speedOf(robot);
    holds.hold(robot, keyCommand([...keys.values()], speed ?? 1, speed === undefined, arcTurn), 'keys');
  }

  root.addEventListener('keydown', (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.code === 'Space') {
      if (typing(event.target)) return;
      event.preventDefault();
      if (!event.repeat) stopEverything();
      return;
    }
    if (event.key === 'Enter' && event.target instanceof HTMLInputElement && event.target.type === 'range') {
      event.preventDefault(); // a slider's Enter is its own (a servo's sends its angle), never the form's
      return;
    }
    if (typing(event.target) || sliderKey(event)) return; // those keys belong to the focused field
    const hit = cardKeys.find(({ map }) => map[event.code]);
    if (!hit) return;
    event.preventDefault();
    if (event.repeat) return;
    const robot = target(hit.card.dataset.robot);
    if (isBlocked ? isBlocked(robot) : hit.card.dataset.blocked) return;
    if (!heldKeys.has(robot)) heldKeys.set(robot, new Map());
    heldKeys.get(robot).delete(event.code);
    heldKeys.get(robot).set(event.code, hit.map[event.code]);
    driveKeys(robot);
  });

  root.addEventListener('keyup', (event) => {
    for (const [robot, keys] of heldKeys) {
      if (keys.delete(event.code)) driveKeys(robot);
    }
  });

  // A key hold ended elsewhere (a stop from another user, the robot blocked, the page lost): the keys still down
  // drive nothing until pressed again.
  holds.onInterrupted((robot, source) => {
    if (source === 'keys') heldKeys.delete(robot);
  });

  return {
    clear: () => heldKeys.clear(),
  };
}
