// The keep-out zones on the arena, for every signed-in user: read from the console's GET /zones, drawn under the
// robots, listed under the arena. Read again whenever a robot's state carries another envelope.zonesVersion than
// the page last saw for it (the api publishes every robot's state when a zone changes), and each time the live
// stream opens again: a zone a supervisor draws is on every page within a state's round trip, without polling.
// A visitor who is not signed in is not given the zones by the console; the list says so.

import { keptOut, labelPoint, outline } from './zone-geometry.js';
import { estimateText } from './card-text.js';

const FILL = 'rgba(198, 40, 40, 0.14)';
const EDGE = '#c62828';
const MARGIN = 'rgba(198, 40, 40, 0.07)';

export function attachZones(root, live, arena, { signedIn, remove } = {}) {
  const panel = root.getElementById('zones');
  const list = panel?.querySelector('[data-field="zone-list"]');
  const count = panel?.querySelector('[data-field="zone-count"]');
  const seen = new Map(); // robot (lower case) -> the zonesVersion of its last state
  let zones = [];
  let margin = 0;
  let loading = null;
  let again = false;

  async function load() {
    if (!signedIn) return;
    if (loading) {
      again = true;
      return;
    }
    loading = (async () => {
      try {
        const response = await fetch('/zones', { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
        if (!response.ok) return;
        const set = await response.json();
        zones = set.zones ?? [];
        margin = set.marginMeters ?? 0;
        render();
      } catch {
        // The console is unreachable: the stream says so; the zones are read again when it opens.
      } finally {
        loading = null;
        if (again) {
          again = false;
          load();
        }
      }
    })();
  }

  function render() {
    if (panel) panel.dataset.loaded = 'true';
    if (count) count.textContent = String(zones.length);
    list?.replaceChildren(...zones.map((zone) => {
      const item = root.createElement('li');
      item.dataset.zone = zone.name;
      const name = root.createElement('strong');
      name.textContent = zone.name;
      const who = zone.source === 'configuration' ? 'configured' : zone.changedBy ? `drawn by ${zone.changedBy}` : 'drawn';
      item.append(name, ` · ${keptOut(zone)} · ${who}`);
      if (remove && zone.source !== 'configuration') {
        const button = root.createElement('button');
        button.type = 'button';
        button.className = 'zone-delete';
        button.textContent = 'Delete';
        button.setAttribute('aria-label', `Delete zone ${zone.name}`);
        button.addEventListener('click', () => remove(zone.name, button));
        item.append(' ', button);
      }
      return item;
    }));
    arena.redraw();
  }

  arena.addLayer({
    draw(context, toScreen, scale) {
      context.save();
      context.font = '12px system-ui, sans-serif';
      context.textAlign = 'center';
      context.textBaseline = 'middle';
      for (const zone of zones) {
        const points = outline(zone);
        if (points.length < 3) continue;
        const trace = () => {
          context.beginPath();
          points.forEach((point, i) => context[i === 0 ? 'moveTo' : 'lineTo'](...toScreen(point.x, point.y)));
          context.closePath();
        };
        // The margin robots keep from it: a faint band round the outside (a stroke twice as wide, the zone clipped out).
        if (margin > 0) {
          context.save();
          context.beginPath();
          context.rect(0, 0, context.canvas.width, context.canvas.height);
          points.forEach((point, i) => context[i === 0 ? 'moveTo' : 'lineTo'](...toScreen(point.x, point.y)));
          context.closePath();
          context.clip('evenodd');
          trace();
          context.strokeStyle = MARGIN;
          context.lineWidth = 2 * margin * scale;
          context.lineJoin = 'round';
          context.stroke();
          context.restore();
        }
        trace();
        context.fillStyle = FILL;
        context.fill();
        context.strokeStyle = EDGE;
        context.lineWidth = 2;
        context.stroke();
        const label = labelPoint(points);
        const [lx, ly] = toScreen(label.x, label.y);
        context.fillStyle = EDGE;
        context.fillText(zone.robot ? `${zone.name} (${zone.robot})` : zone.name, lx, ly);
      }
      context.restore();
    },
  });

  // Where a robot's pose is dead reckoning, the zones are kept only as well as that estimate: said under the list.
  const estimated = new Map();
  const estimate = panel?.querySelector('[data-field="zone-estimate"]');
  live.onState((state) => {
    const key = state.name.toLowerCase();
    estimated.set(key, estimateText(state));
    if (estimate) {
      const text = [...estimated.values()].filter(Boolean).join(' ');
      estimate.textContent = text;
      estimate.hidden = !text;
    }
    const version = state.envelope?.zonesVersion;
    if (version == null || seen.get(key) === version) return;
    // The first state of each robot comes as the stream opens, which reads the zones anyway.
    if (seen.has(key)) load();
    seen.set(key, version);
  });
  live.onStreamOpen(() => load());
  if (!signedIn && count) count.textContent = 'sign in to see them';
  load();

  return {
    /** Reads the zones again (after this page changed them). */
    refresh: load,
  };
}
