// The arena: a top-down view of every robot's pose from the live state (no polling). Between two states the
// drawing interpolates over the api's pose interval, so motion looks smooth; a trail fades over TRAIL_MS.
// It draws on every animation frame only while it interpolates; a blinking eye or a fading trail needs a few frames
// a second. An idle page renders nothing, so a key or pointer press never waits behind a frame on the main thread.
// World: metres, x forward at heading 0, heading counter-clockwise; drawn with +x to the right and +y up.

const POSE_INTERVAL_MS = 100;
const TRAIL_MS = 15_000;
const BLINK_MS = 250;
const FADE_STEP_MS = 500;
const MIN_SPAN_M = 4;
const COLOURS = ['#2e7d32', '#c62828', '#1a73e8', '#8e24aa', '#ef6c00'];

const lerp = (a, b, t) => a + (b - a) * t;
function lerpAngle(a, b, t) {
  let delta = (b - a) % (2 * Math.PI);
  if (delta > Math.PI) delta -= 2 * Math.PI;
  if (delta < -Math.PI) delta += 2 * Math.PI;
  return a + delta * t;
}

export function attachArena(root, live) {
  const canvas = root.getElementById('arena');
  if (!canvas) return null;
  const context = canvas.getContext('2d');
  const legend = root.getElementById('arena-legend');
  const robots = new Map(); // name (lower case) -> { name, colour, from, to, at, trail, state }
  let frameRequested = false;
  let later = 0;

  function track(state) {
    const key = state.name.toLowerCase();
    let robot = robots.get(key);
    if (!robot) {
      robot = { name: state.name, colour: COLOURS[robots.size % COLOURS.length], from: null, to: null, at: 0, trail: [], state };
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
    robot.from = robot.to ? current(robot, now) : pose;
    robot.to = pose;
    robot.at = now;
    const last = robot.trail.at(-1);
    const reset = pose.x === 0 && pose.y === 0 && pose.heading === 0;
    if (reset) robot.from = pose; // a pose reset jumps, it is not driven
    if (reset && last) robot.trail = [{ x: 0, y: 0, t: now }];
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

  function extent() {
    let half = MIN_SPAN_M / 2;
    for (const robot of robots.values()) {
      const arena = robot.state.arena;
      if (arena) half = Math.max(half, arena.width / 2 + 0.25, arena.height / 2 + 0.25);
      for (const point of robot.trail) half = Math.max(half, Math.abs(point.x) + 0.5, Math.abs(point.y) + 0.5);
    }
    return Math.ceil(half);
  }

  function draw(now) {
    frameRequested = false;
    const ratio = window.devicePixelRatio || 1;
    const width = canvas.clientWidth;
    const height = canvas.clientHeight;
    if (canvas.width !== Math.round(width * ratio) || canvas.height !== Math.round(height * ratio)) {
      canvas.width = Math.round(width * ratio);
      canvas.height = Math.round(height * ratio);
    }
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    context.clearRect(0, 0, width, height);

    const half = extent();
    const scale = Math.min(width, height) / (2 * half);
    const toScreen = (x, y) => [width / 2 + x * scale, height / 2 - y * scale];

    // Metre grid, origin cross stronger.
    context.lineWidth = 1;
    for (let m = -half; m <= half; m++) {
      context.strokeStyle = m === 0 ? '#9aa5b1' : '#e3e7ec';
      const [x1, y1] = toScreen(m, -half);
      const [x2, y2] = toScreen(m, half);
      context.beginPath(); context.moveTo(x1, y1); context.lineTo(x2, y2); context.stroke();
      const [x3, y3] = toScreen(-half, m);
      const [x4, y4] = toScreen(half, m);
      context.beginPath(); context.moveTo(x3, y3); context.lineTo(x4, y4); context.stroke();
    }
    context.fillStyle = '#5f6b7a';
    context.font = '11px system-ui, sans-serif';
    context.fillText('1 m grid', 6, height - 6);

    let moving = false;
    let blinking = false;
    let fading = false;
    let order = -1;
    const markers = [];
    for (const robot of robots.values()) {
      order += 1;
      const { state } = robot;
      if (state.arena) {
        const [left, top] = toScreen(-state.arena.width / 2, state.arena.height / 2);
        context.strokeStyle = '#1f2933';
        context.lineWidth = 3;
        context.strokeRect(left, top, state.arena.width * scale, state.arena.height * scale);
      }

      // Trail, fading with age.
      robot.trail = robot.trail.filter((point) => now - point.t < TRAIL_MS);
      context.lineWidth = 2;
      for (let i = 1; i < robot.trail.length; i++) {
        const a = robot.trail[i - 1];
        const b = robot.trail[i];
        context.strokeStyle = robot.colour;
        context.globalAlpha = Math.max(0, 1 - (now - b.t) / TRAIL_MS) * 0.7;
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
      const size = Math.max(10, 0.2 * scale);
      // Markers go on top of every label and trail: a label never hides where a robot is.
      markers.push(() => {
        context.save();
        context.translate(sx, sy);
        context.rotate(-pose.heading);
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
      });

      const servos = (state.servos ?? []).map((servo) => `S${servo.index + 1} ${servo.angle == null ? '—' : `${Math.round(servo.angle)}°`}`).join(' ');
      context.fillStyle = '#1f2933';
      context.font = '600 12px system-ui, sans-serif';
      // Every robot starts at the origin of its own pose: each label has its own line so two robots at one spot stay legible.
      const line = sy - 4 + 28 * order;
      context.fillText(`${state.name}${state.estimated ? ' (estimated)' : ''}`, sx + size + 4, line);
      context.font = '11px system-ui, sans-serif';
      if (servos) context.fillText(servos, sx + size + 4, line + 14);
    }

    for (const drawMarker of markers) drawMarker();

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

  for (const state of live.states.values()) track(state);
  live.onState(track);
  new ResizeObserver(request).observe(canvas);
  request();
  return { robots };
}
