// Runs in <head> before the body paints, so no-JavaScript-only controls never flash for script users. A touch device
// (no hover, coarse pointer) gets the joystick instead of keyboard hints.
document.documentElement.classList.add('js');
if (matchMedia('(hover: none) and (pointer: coarse)').matches) document.documentElement.classList.add('touch');
