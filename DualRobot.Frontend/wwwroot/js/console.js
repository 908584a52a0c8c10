// Entry point of the operator console page.
import { connectLiveState } from './live-state.js';
import { createControlClient } from './control-client.js';
import { attachControls } from './controls.js';
import { attachDriver } from './driver.js';
import { attachActivity } from './activity.js';

connectLiveState(document);
attachActivity(document);

// Only operators get the token; without it the page stays read-only.
const token = document.querySelector('meta[name="request-verification-token"]')?.content;
if (token) {
  const client = createControlClient(token);
  attachControls(document, client);
  attachDriver(document, client);
} else {
  attachDriver(document, null);
}
