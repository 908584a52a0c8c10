// Runs in <head> before the body paints, so no-JavaScript-only controls never flash for script users.
document.documentElement.classList.add('js');
