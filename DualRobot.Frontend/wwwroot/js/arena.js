// The arena: a top-down view of every robot's pose from the live state (no polling). Between two states the
// drawing interpolates over the api's pose interval, so motion looks smooth; a trail fades over TRAIL_MS.
// It draws on every animation frame only while it interpolates; a blinking eye or a fading trail needs a few frames
// a second. An idle page renders nothing, so a key or pointer press never waits behind a frame on the main thread.
// The view fits the arena to the panel until the operator zooms (wheel, pinch), pans (drag) or follows the selected
// robot (double-click); "Fit arena" goes back. Geometry: arena-view.js. Labels are HTML over the canvas, placed so
// that none overlaps another or a marker. Other parts of the page draw under the robots through layers (the keep-out
// zones: arena-zones.js) and read the view to turn a pointer into metres (the zone editor: zone-editor.js).

import { fit, lerpAngle, markerLength, panBy, placeLabels, toScreen as project, toWorld as unproject, worldBox, zoomAt, ZOOM_LIMITS } from './arena-view.js';
import { drawFormation } from './arena-formation.js';

const POSE_INTERVAL_MS = 100;
const TRAIL_MS = 15_000;
const BLINK_MS = 250;
const FADE_STEP_MS = 500;
// A pose further than this from the last one was not driven there (a reset, a reconnect): it jumps, no trail.
const JUMP_M = 0.25;
const COLOURS = ['#2e7d32', '#c62828', '#1a73e8', '#8e24aa', '#ef6c00'];

const lerp = (a, b, t) => a + (b - a) * t;
export function attachArena(root, live, selection) {
  const canvas = root.getElementById('arena');
  if (!canvas) return null;
  const context = canvas.getContext('2d');
  const legend = root.getElementById('arena-legend');
  const labelLayer = root.getElementById('arena-labels');
  const fitButton = root.getElementById('arena-fit');
  const robots = new Map(); // name (lower case) -> { name, colour, index, from, to, at, trail, state, label }
  let frameRequested = false;
  let later = 0;
  // null: fit the arena; { scale, cx, cy }: the operator's own view; follow: centred on the selected robot.
  let manual = null;
  let follow = false;
  let lastFit = null;
  let lastView = null;
  // Drawn after the grid and the walls, before the trails and markers: draw(context, toScreen, scale).
  const layers = [];

  function track(state) {
    const key = state.name.toLowerCase();
    let robot = robots.get(key);
    if (!robot) {
      const index = robots.size;
      robot = { name: state.name, index, colour: COLOURS[index % COLOURS.length], from: null, to: null, at: 0, trail: [], state, label: null };
      robots.set(key, robot);
    }
    robot.state = state;
    renderLegend();
    if (!state.pose) {
      request();
      return;
    }
    const now = performance.now();
    const pose = { x: state.pose.x, y: state.pose.y, heading: state.pose.heading };
    const jumped = !robot.to || Math.hypot(pose.x - robot.to.x, pose.y - robot.to.y) > JUMP_M;
    robot.from = jumped ? pose : current(robot, now);
    robot.to = pose;
    robot.at = now;
    const last = robot.trail.at(-1);
    if (jumped) robot.trail = [{ x: pose.x, y: pose.y, t: now }];
    else if (!last || Math.hypot(last.x - pose.x, last.y - pose.y) > 0.01) robot.trail.push({ x: pose.x, y: pose.y, t: now });
    request();
  }

  function current(robot, now) {
    if (!robot.to) return null;
    const t = Math.min(1, (now - robot.at) / POSE_INTERVAL_MS);
    return { x: lerp(robot.from.x, robot.to.x, t), y: lerp(robot.from.y, robot.to.y, t), heading: lerpAngle(robot.from.heading, robot.to.heading, t) };
  }

  function request() {
    clearTimeout(later);
    later = 0;
    if (!frameRequested) {
      frameRequested = true;
      requestAnimationFrame(draw);
    }
  }

  function requestIn(ms) {
    if (frameRequested || later) return;
    later = setTimeout(() => { later = 0; request(); }, ms);
  }

  const size = () => [canvas.clientWidth, canvas.clientHeight];

  function fitted(width, height) {
    const arenas = [...robots.values()].map((robot) => robot.state.arena).filter(Boolean);
    const points = [...robots.values()].flatMap((robot) => (robot.to ? [robot.to] : []));
    lastFit = fit(worldBox(arenas, points), width, height);
    return lastFit;
  }

  function viewAt(now, width, height) {
    const base = fitted(width, height);
    if (follow) {
      const robot = robots.get(selection?.get()?.toLowerCase() ?? '');
      const pose = robot && current(robot, now);
      const scale = manual?.scale ?? base.scale * 2;
      manual = { scale, cx: pose?.x ?? base.cx, cy: pose?.y ?? base.cy };
    }
    return manual ?? base;
  }

  function setManual(view) {
    manual = view;
    if (fitButton) fitButton.hidden = manual === null && !follow;
    request();
  }

  function draw(now) {
    frameRequested = false;
    const ratio = window.devicePixelRatio || 1;
    const [width, height] = size();
    if (canvas.width !== Math.round(width * ratio) || canvas.height !== Math.round(height * ratio)) {
      canvas.width = Math.round(width * ratio);
      canvas.height = Math.round(height * ratio);
    }
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    context.clearRect(0, 0, width, height);

    const view = viewAt(now, width, height);
    lastView = view;
    const toScreen = (x, y) => project(view, width, height, x, y);

    // Metre grid, the origin's lines stronger; faint, so the trails stand out against it.
    const [minX, maxY] = [view.cx - width / 2 / view.scale, view.cy + height / 2 / view.scale];
    const [maxX, minY] = [view.cx + width / 2 / view.scale, view.cy - height / 2 / view.scale];
    context.lineWidth = 1;
    for (let m = Math.floor(minX); m <= Math.ceil(maxX); m++) {
      context.strokeStyle = m === 0 ? '#c3cad3' : '#eceff3';
      const [x] = toScreen(m, 0);
      context.beginPath(); context.moveTo(x, 0); context.lineTo(x, height); context.stroke();
    }
    for (let m = Math.floor(minY); m <= Math.ceil(maxY); m++) {
      context.strokeStyle = m === 0 ? '#c3cad3' : '#eceff3';
      const [, y] = toScreen(0, m);
      context.beginPath(); context.moveTo(0, y); context.lineTo(width, y); context.stroke();
    }
    context.fillStyle = '#5f6b7a';
    context.font = '11px system-ui, sans-serif';
    context.fillText('1 m grid', 6, height - 6);

    for (const robot of robots.values()) {
      const { arena } = robot.state;
      if (!arena) continue;
      const [left, top] = toScreen(-arena.width / 2, arena.height / 2);
      context.strokeStyle = '#1f2933';
      context.lineWidth = 3;
      context.strokeRect(left, top, arena.width * view.scale, arena.height * view.scale);
    }
    for (const layer of layers) layer.draw(context, toScreen, view.scale);

    let moving = false;
    let blinking = false;
    let fading = false;
    const markers = [];
    const selected = selection?.get()?.toLowerCase();
    const both = Boolean(selection?.both); // every marker ringed, joined in formation
    for (const robot of robots.values()) {
      const { state } = robot;
      // Trail, fading with age, never fainter than a third: visible against the grid until it goes.
      robot.trail = robot.trail.filter((point) => now - point.t < TRAIL_MS);
      context.lineWidth = 3;
      context.lineCap = 'round';
      for (let i = 1; i < robot.trail.length; i++) {
        const a = robot.trail[i - 1];
        const b = robot.trail[i];
        context.strokeStyle = robot.colour;
        context.globalAlpha = 0.35 + 0.5 * Math.max(0, 1 - (now - b.t) / TRAIL_MS);
        const [ax, ay] = toScreen(a.x, a.y);
        const [bx, by] = toScreen(b.x, b.y);
        context.beginPath(); context.moveTo(ax, ay); context.lineTo(bx, by); context.stroke();
      }
      context.globalAlpha = 1;

      if (robot.trail.length > 1) fading = true;
      const pose = current(robot, now);
      if (!pose) continue;
      if (now - robot.at < POSE_INTERVAL_MS) moving = true;
      if (state.eye === 'blink') blinking = true;
      const [sx, sy] = toScreen(pose.x, pose.y);
      const length = markerLength(view.scale);
      markers.push({ robot, sx, sy, length, draw: () => drawMarker(robot, pose, sx, sy, length, now, both || robot.name.toLowerCase() === selected) });
    }

    // Markers go on top of every trail and leader line: nothing hides where a robot is.
    const placed = placeRobotLabels(markers, width, height);
    for (const { marker, box } of placed) {
      if (!box.leader) continue;
      context.strokeStyle = marker.robot.colour;
      context.globalAlpha = 0.6; // a leader line is never taken for the marker
      context.lineWidth = 1;
      context.beginPath();
      context.moveTo(marker.sx, marker.sy);
      context.lineTo(Math.max(box.left, Math.min(marker.sx, box.left + box.width)), Math.max(box.top, Math.min(marker.sy, box.top + box.height)));
      context.stroke();
      context.globalAlpha = 1;
    }
    if (both) drawFormation(context, [...markers].sort((a, b) => a.robot.index - b.robot.index), selection.mode);
    for (const marker of markers) marker.draw();

    if (robots.size > 0 && [...robots.values()].every((robot) => !robot.state.pose)) {
      context.fillStyle = '#5f6b7a';
      context.font = '13px system-ui, sans-serif';
      context.fillText('The api reports no pose yet.', 10, 20);
    }
    renderLegend();
    if (moving) request();
    else if (blinking) requestIn(BLINK_MS - (now % BLINK_MS) + 1);
    else if (fading) requestIn(FADE_STEP_MS);
  }

  function drawMarker(robot, pose, sx, sy, length, now, isSelected) {
    const { state } = robot;
    // The arrowhead spans 1.7 × size from tail to nose.
    const size = length / 1.7;
    context.save();
    context.translate(sx, sy);
    if (isSelected) {
      // Faint: the ring frames the marker without being taken for it.
      context.strokeStyle = robot.colour;
      context.globalAlpha = 0.4;
      context.lineWidth = 2;
      context.setLineDash([4, 3]);
      context.beginPath();
      context.arc(0, 0, length * 0.75, 0, 2 * Math.PI);
      context.stroke();
      context.setLineDash([]);
      context.globalAlpha = 1;
    }
    context.rotate(-pose.heading);
    context.translate(-size * 0.15, 0); // centre the arrowhead on the pose
    // Body: an arrowhead whose notched back leaves no doubt which way the nose (+x) points.
    context.fillStyle = robot.colour;
    context.globalAlpha = state.connected ? 1 : 0.4;
    context.beginPath();
    context.moveTo(size, 0);
    context.lineTo(-size * 0.7, size * 0.55);
    context.lineTo(-size * 0.3, 0);
    context.lineTo(-size * 0.7, -size * 0.55);
    context.closePath();
    context.fill();
    // Eye at the nose: lit, blinking (2 Hz), or dark.
    const lit = state.eye === 'on' || (state.eye === 'blink' && Math.floor(now / BLINK_MS) % 2 === 0);
    context.fillStyle = lit ? '#ffd54f' : '#263238';
    context.beginPath();
    context.arc(size * 0.45, 0, size * 0.22, 0, 2 * Math.PI);
    context.fill();
    context.restore();
  }

  // Each robot's label: its name (estimated on hardware) and servo angles, an HTML box over the canvas.
  function placeRobotLabels(markers, width, height) {
    if (!labelLayer) return [];
    const sized = markers.map((marker) => {
      const { robot } = marker;
      if (!robot.label) {
        robot.label = root.createElement('div');
        robot.label.className = 'arena-label';
        robot.label.dataset.robot = robot.name;
        robot.label.dataset.colour = String(robot.index % COLOURS.length);
        labelLayer.append(robot.label);
      }
      const { state } = robot;
      const servos = (state.servos ?? []).map((servo) => `S${servo.index + 1} ${servo.angle == null ? '—' : `${Math.round(servo.angle)}°`}`).join(' ');
      const text = `${state.name}${state.estimated ? ' (estimated)' : ''}\n${servos}`;
      if (robot.label.dataset.text !== text) {
        robot.label.dataset.text = text;
        const name = root.createElement('strong');
        name.textContent = `${state.name}${state.estimated ? ' (estimated)' : ''}`;
        robot.label.replaceChildren(name, ...(servos ? [root.createElement('br'), servos] : []));
      }
      robot.label.hidden = false;
      return { marker, width: robot.label.offsetWidth, height: robot.label.offsetHeight };
    });
    const boxes = placeLabels(sized.map(({ marker, width: w, height: h }) => ({ x: marker.sx, y: marker.sy, size: marker.length, width: w, height: h })), width, height);
    return sized.map(({ marker }, i) => {
      const box = boxes[i];
      const transform = `translate(${Math.round(box.left)}px, ${Math.round(box.top)}px)`;
      if (marker.robot.label.style.transform !== transform) marker.robot.label.style.transform = transform;
      marker.robot.label.dataset.markerPx = String(Math.round(marker.length));
      return { marker, box };
    });
  }

  let legendText = '';
  function renderLegend() {
    if (!legend) return;
    const text = [...robots.values()].map((robot) => {
      const pose = robot.to;
      const where = pose ? `x ${pose.x.toFixed(2)} m, y ${pose.y.toFixed(2)} m, heading ${Math.round((pose.heading * 180) / Math.PI)}°` : 'no pose';
      return `${robot.name}: ${where}${robot.state.estimated ? ' (estimated)' : ''}`;
    }).join('\n');
    if (text === legendText) return;
    legendText = text;
    legend.replaceChildren(...[...robots.values()].map((robot, index) => {
      const item = root.createElement('li');
      item.dataset.robot = robot.name;
      item.dataset.colour = String(index % COLOURS.length);
      item.textContent = text.split('\n')[index];
      return item;
    }));
  }

  // Zoom (wheel, pinch) and pan (drag): the operator's view until "Fit arena"; double-click follows the selected robot.
  const limits = () => ({ min: (lastFit?.scale ?? 1) * ZOOM_LIMITS.min, max: (lastFit?.scale ?? 1) * ZOOM_LIMITS.max });
  const local = (event) => {
    const rect = canvas.getBoundingClientRect();
    return [event.clientX - rect.left, event.clientY - rect.top];
  };
  canvas.addEventListener('wheel', (event) => {
    event.preventDefault();
    const [width, height] = size();
    const [sx, sy] = local(event);
    const { min, max } = limits();
    follow = false;
    setManual(zoomAt(manual ?? lastFit ?? fitted(width, height), width, height, sx, sy, Math.exp(-event.deltaY * 0.0015), min, max));
  }, { passive: false });

  const pointers = new Map();
  canvas.addEventListener('pointerdown', (event) => {
    pointers.set(event.pointerId, local(event));
    canvas.setPointerCapture(event.pointerId);
    canvas.classList.add('is-panning');
  });
  canvas.addEventListener('pointermove', (event) => {
    const was = pointers.get(event.pointerId);
    if (!was) return;
    const now = local(event);
    const [width, height] = size();
    const view = manual ?? lastFit ?? fitted(width, height);
    if (pointers.size === 1) {
      if (Math.hypot(now[0] - was[0], now[1] - was[1]) < 1) return;
      follow = false;
      setManual(panBy(view, now[0] - was[0], now[1] - was[1]));
    } else if (pointers.size === 2) {
      const [other] = [...pointers.entries()].filter(([id]) => id !== event.pointerId).map(([, point]) => point);
      const before = Math.hypot(was[0] - other[0], was[1] - other[1]);
      const after = Math.hypot(now[0] - other[0], now[1] - other[1]);
      const { min, max } = limits();
      if (before > 0) setManual(zoomAt(view, width, height, (now[0] + other[0]) / 2, (now[1] + other[1]) / 2, after / before, min, max));
    }
    pointers.set(event.pointerId, now);
  });
  const release = (event) => {
    pointers.delete(event.pointerId);
    if (pointers.size === 0) canvas.classList.remove('is-panning');
  };
  canvas.addEventListener('pointerup', release);
  canvas.addEventListener('pointercancel', release);
  canvas.addEventListener('dblclick', () => {
    follow = !follow;
    setManual(follow ? manual : null);
    request();
  });
  fitButton?.addEventListener('click', () => {
    follow = false;
    setManual(null);
  });
  selection?.onChange(request);

  for (const state of live.states.values()) track(state);
  live.onState(track);
  new ResizeObserver(request).observe(canvas);
  request();
  return {
    robots,
    /** Draws on every frame, under the robots: { draw(context, toScreen, scale) }. */
    addLayer(layer) {
      layers.push(layer);
      request();
    },
    /** Draws again (a layer changed). */
    redraw: request,
    /** The world point (metres) under a pointer event, in the view last drawn. */
    worldAt(event) {
      const [width, height] = size();
      const [sx, sy] = local(event);
      return unproject(lastView ?? lastFit ?? fitted(width, height), width, height, sx, sy);
    },
    /** A world point in CSS pixels of the canvas, in the view last drawn. */
    screenAt(x, y) {
      const [width, height] = size();
      return project(lastView ?? lastFit ?? fitted(width, height), width, height, x, y);
    },
  };
}
