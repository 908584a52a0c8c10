// Why a control is off, on a touch screen: there is no hover to show a disabled control's title, so a finger held
// on it (LONG_PRESS_MS, without sliding away) shows the same reason in a bubble beside it, which stays READABLE_MS
// after the finger lifts. The reason is the control's title, which cards.js and banners.js keep current; a disabled
// control still gets pointer events in Chromium, and this listens before anything else on the page (capture).

export const LONG_PRESS_MS = 500;
const READABLE_MS = 4000;
const SLIDE_PX = 12;

const OFF = 'button:disabled, input:disabled, select:disabled, [aria-disabled="true"]';

/** The disabled control with a reason under a point, or null. */
function offAt(root, x, y) {
  for (const element of root.elementsFromPoint(x, y)) {
    const control = element.closest(OFF);
    if (control?.title) return control;
  }
  return null;
}

export function attachLongPress(root) {
  const bubble = root.createElement('p');
  bubble.className = 'why-off';
  bubble.id = 'why-off';
  bubble.setAttribute('role', 'tooltip');
  bubble.hidden = true;
  root.body.append(bubble);
  let press = null; // { pointer, x, y, timer }
  let hideTimer = 0;

  function show(control) {
    clearTimeout(hideTimer);
    bubble.textContent = control.title;
    bubble.hidden = false;
    const box = control.getBoundingClientRect();
    const width = Math.min(280, root.documentElement.clientWidth - 16);
    bubble.style.maxWidth = `${width}px`;
    const left = Math.max(8, Math.min(box.left + box.width / 2 - width / 2, root.documentElement.clientWidth - width - 8));
    // Above the control, where the finger does not cover it; below it when there is no room above.
    const above = box.top - bubble.offsetHeight - 8;
    bubble.style.left = `${left + window.scrollX}px`;
    bubble.style.top = `${(above >= 0 ? above : box.bottom + 8) + window.scrollY}px`;
    bubble.dataset.for = control.getAttribute('aria-label') ?? control.textContent.trim();
  }

  function hideLater(ms) {
    clearTimeout(hideTimer);
    hideTimer = setTimeout(() => { bubble.hidden = true; }, ms);
  }

  function cancel() {
    if (!press) return;
    clearTimeout(press.timer);
    press = null;
    if (!bubble.hidden) hideLater(READABLE_MS);
  }

  root.addEventListener('pointerdown', (event) => {
    if (event.pointerType !== 'touch') return;
    cancel();
    bubble.hidden = true;
    const control = offAt(root, event.clientX, event.clientY);
    if (!control) return;
    press = { pointer: event.pointerId, x: event.clientX, y: event.clientY, timer: setTimeout(() => show(control), LONG_PRESS_MS) };
  }, true);
  root.addEventListener('pointermove', (event) => {
    if (press && event.pointerId === press.pointer && Math.hypot(event.clientX - press.x, event.clientY - press.y) > SLIDE_PX) cancel();
  }, true);
  for (const type of ['pointerup', 'pointercancel']) {
    root.addEventListener(type, (event) => {
      if (press && event.pointerId === press.pointer) cancel();
    }, true);
  }
  // A held finger asks for the page's menu: not on a control that is off, where the bubble answers instead.
  root.addEventListener('contextmenu', (event) => {
    if (event.target instanceof Element && event.target.closest(OFF)) event.preventDefault();
  }, true);
}
