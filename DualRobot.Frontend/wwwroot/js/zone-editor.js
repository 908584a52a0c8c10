// Drawing keep-out zones on the arena: supervisors only (the page has these controls only for them, and the console
// refuses anyone else's edit). Name the zone, choose whom it keeps out, then "Draw rectangle" and drag on the arena,
// or "Draw polygon" and click its corners, closing it on the first; Esc or "Cancel" gives up. The zone goes to the
// api at once (PUT /control/zones/{name}, the api's answer shown as it came); "Delete" in the list removes one.
// While drawing, the arena's drag draws instead of panning: this listens before the canvas does (capture) and keeps
// the pointer to itself. Geometry and the api's rules: zone-geometry.js.

import { chainProblem, closes, corner, MAX_POINTS, nameProblem, polygonProblem, rectangleFrom, zoneBody } from './zone-geometry.js';
import { answered } from './problems.js';
import { contract } from './contract.js';

const PREVIEW = '#c62828';
const SAID_MS = 10_000;

export function createZoneEditor(root, arena, token) {
  const editor = root.querySelector('[data-zone-editor]');
  if (!editor || !token) return null;
  const view = root.querySelector('.arena-view');
  const canvas = root.getElementById('arena');
  const nameInput = editor.querySelector('[data-zone-name]');
  const robotSelect = editor.querySelector('[data-zone-robot]');
  const status = root.querySelector('[data-field="zone-status"]');
  const cancelButton = editor.querySelector('[data-zone-cancel]');
  let zones = null; // arena-zones.js, to read the list again after a change
  let mode = null; // 'rectangle' | 'polygon' | null
  let name = '';
  let drag = null; // rectangle: { from, to, pointer }
  let corners = []; // polygon: the corners so far
  let hover = null; // polygon: where the next corner would go

  // Over the arena: a refusal stays until the next action; news of a success goes after SAID_MS, uncovering the arena.
  let sayTimer = 0;
  const say = (text, error = false, fades = false) => {
    clearTimeout(sayTimer);
    status.textContent = text;
    status.classList.toggle('is-error', error);
    if (fades) sayTimer = setTimeout(() => say(''), SAID_MS);
  };

  async function send(method, zone, body, control) {
    control?.setAttribute('aria-busy', 'true');
    try {
      const response = await fetch(`/control/zones/${encodeURIComponent(zone)}`, {
        method,
        headers: { 'Content-Type': 'application/json', Accept: 'application/json', RequestVerificationToken: token },
        body: body ? JSON.stringify(body) : undefined,
        credentials: 'same-origin',
      });
      return answered(response.status, await response.json().catch(() => null), contract.problemBase);
    } catch {
      return { ok: false, message: 'The console is unreachable.' };
    } finally {
      control?.removeAttribute('aria-busy');
    }
  }

  function stop(text = '', fades = false) {
    mode = null;
    drag = null;
    corners = [];
    hover = null;
    delete view.dataset.drawing;
    cancelButton.hidden = true;
    say(text, false, fades);
    arena.redraw();
  }

  function start(kind) {
    name = nameInput.value.trim();
    const problem = nameProblem(name);
    if (problem) {
      say(problem, true);
      nameInput.focus();
      return;
    }
    stop();
    mode = kind;
    view.dataset.drawing = kind;
    // The whole arena in view, none of it under the e-stop bar that stays at the top of the window.
    canvas.style.scrollMarginTop = `${(root.querySelector('.estop-panel')?.getBoundingClientRect().bottom ?? 0) + 8}px`;
    canvas.scrollIntoView({ block: 'nearest' });
    cancelButton.hidden = false;
    say(kind === 'rectangle'
      ? `Drag on the arena to draw ${name}; Esc cancels.`
      : `Click the corners of ${name} on the arena, then its first corner again to close it; Esc cancels.`);
  }

  async function put(shape) {
    const zone = name;
    const robot = robotSelect?.value || null;
    stop(`Sending ${zone}…`);
    const result = await send('PUT', zone, zoneBody(shape, robot));
    say(result.ok ? `${zone} drawn: it keeps ${robot ?? 'every robot'} out from the next command on.` : result.message, !result.ok, result.ok);
    if (result.ok) nameInput.value = '';
    zones?.refresh();
  }

  async function remove(zone, button) {
    const result = await send('DELETE', zone, null, button);
    say(result.ok ? `${zone} deleted.` : result.message, !result.ok, result.ok);
    zones?.refresh();
  }

  // Capture: before the canvas's own pan and zoom handlers, and only while drawing.
  const mine = (event) => mode && (event.target === canvas);
  view.addEventListener('pointerdown', (event) => {
    if (!mine(event) || event.button !== 0) return;
    event.stopPropagation();
    event.preventDefault();
    const point = arena.worldAt(event);
    if (mode === 'rectangle') {
      drag = { from: { x: point[0], y: point[1] }, to: { x: point[0], y: point[1] }, pointer: event.pointerId };
      canvas.setPointerCapture(event.pointerId);
      return;
    }
    const first = corners.length ? arena.screenAt(corners[0].x, corners[0].y) : null;
    const rect = canvas.getBoundingClientRect();
    if (first && closes(corners, first, event.clientX - rect.left, event.clientY - rect.top)) {
      const problem = polygonProblem(corners);
      if (problem) say(problem, true);
      else put(corners);
      return;
    }
    const next = [...corners, corner({ x: point[0], y: point[1] })];
    const problem = next.length > MAX_POINTS ? `A polygon has at most ${MAX_POINTS} corners: close it on the first.` : chainProblem(next);
    if (problem) say(`${problem} Click somewhere else.`, true);
    else corners = next;
    arena.redraw();
  }, true);
  view.addEventListener('pointermove', (event) => {
    if (!mine(event)) return;
    event.stopPropagation();
    const [x, y] = arena.worldAt(event);
    if (drag && event.pointerId === drag.pointer) drag.to = { x, y };
    else if (mode === 'polygon') hover = { x, y };
    arena.redraw();
  }, true);
  const finish = (event) => {
    if (!mine(event) || !drag || event.pointerId !== drag.pointer) return;
    event.stopPropagation();
    const [x, y] = arena.worldAt(event);
    const rectangle = rectangleFrom(drag.from, { x, y });
    drag = null;
    if (rectangle) put(rectangle);
    else say('Too small to be a zone: drag further.', true);
  };
  view.addEventListener('pointerup', finish, true);
  view.addEventListener('pointercancel', finish, true);
  for (const type of ['dblclick', 'wheel']) view.addEventListener(type, (event) => mine(event) && event.stopPropagation(), true);
  root.addEventListener('keydown', (event) => {
    if (mode && event.key === 'Escape') stop('Cancelled.', true);
  });

  for (const button of editor.querySelectorAll('[data-draw]')) button.addEventListener('click', () => start(button.dataset.draw));
  cancelButton.addEventListener('click', () => stop('Cancelled.', true));

  // The shape being drawn, over the zones.
  arena.addLayer({
    draw(context, toScreen) {
      const shape = drag ? [drag.from, { x: drag.to.x, y: drag.from.y }, drag.to, { x: drag.from.x, y: drag.to.y }] : corners;
      if (shape.length === 0) return;
      context.save();
      context.strokeStyle = PREVIEW;
      context.lineWidth = 2;
      context.setLineDash([6, 4]);
      context.beginPath();
      [...shape, ...(hover && !drag ? [hover] : [])].forEach((point, i) => context[i === 0 ? 'moveTo' : 'lineTo'](...toScreen(point.x, point.y)));
      if (drag) context.closePath();
      context.stroke();
      context.setLineDash([]);
      context.fillStyle = PREVIEW;
      for (const point of corners) {
        const [x, y] = toScreen(point.x, point.y);
        context.beginPath();
        context.arc(x, y, 4, 0, 2 * Math.PI);
        context.fill();
      }
      context.restore();
    },
  });

  return {
    remove,
    /** The zones' list, read again after each change made here. */
    attach(list) {
      zones = list;
    },
  };
}
