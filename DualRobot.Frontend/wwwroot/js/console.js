// Entry point of the operator console page.
import { connectLiveState } from './live-state.js';
import { createControlClient } from './control-client.js';
import { attachControls } from './controls.js';

connectLiveState(document);

// Only operators get the token; without it the page stays read-only.
const token = document.querySelector('meta[name="request-verification-token"]')?.content;
if (token) {
  attachControls(document, createControlClient(token));
}
