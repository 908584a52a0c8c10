// The arena's view, pure geometry (no DOM): the world box fitted to the panel, zoom about a point, pan, the marker's
// size, and where each robot's label goes so that no two labels, and no label and marker, overlap.
// World: metres, +x right, +y up. Screen: CSS pixels from the panel's top left, +y down.

/** The heading a fraction t of the way from a to b, the short way round (radians). */
export function lerpAngle(a, b, t) {
  let delta = (b - a) % (2 * Math.PI);
  if (delta > Math.PI) delta -= 2 * Math.PI;
  if (delta < -Math.PI) delta += 2 * Math.PI;
  return a + delta * t;
}

/** A robot's marker is never drawn shorter than this, however far out the view is zoomed. */
export const MIN_MARKER_PX = 26;

/** How long a robot is drawn at a scale that shows it true to size (metres, nose to tail). */
export const ROBOT_LENGTH_M = 0.2;

/** The zoom's limits, as multiples of the scale that fits the whole arena. */
export const ZOOM_LIMITS = { min: 0.5, max: 12 };

const GAP_PX = 3;

/** The view (px per metre, and the world point at the panel's centre) that shows a world box whole, margins of padPx. */
export function fit(box, width, height, padPx = MIN_MARKER_PX / 2 + 2) {
  const w = Math.max(box.maxX - box.minX, 1e-3);
  const h = Math.max(box.maxY - box.minY, 1e-3);
  const scale = Math.max(1e-3, Math.min((width - 2 * padPx) / w, (height - 2 * padPx) / h));
  return { scale, cx: (box.minX + box.maxX) / 2, cy: (box.minY + box.maxY) / 2 };
}

export const toScreen = (view, width, height, x, y) => [width / 2 + (x - view.cx) * view.scale, height / 2 - (y - view.cy) * view.scale];

export const toWorld = (view, width, height, sx, sy) => [view.cx + (sx - width / 2) / view.scale, view.cy - (sy - height / 2) / view.scale];

/** Zoomed by factor about a screen point, which stays over the same world point; the scale kept within [min, max]. */
export function zoomAt(view, width, height, sx, sy, factor, min, max) {
  const [wx, wy] = toWorld(view, width, height, sx, sy);
  const scale = Math.min(max, Math.max(min, view.scale * factor));
  return { scale, cx: wx - (sx - width / 2) / scale, cy: wy + (sy - height / 2) / scale };
}

/** Moved with the pointer: the world under it follows it by dx, dy pixels. */
export const panBy = (view, dx, dy) => ({ scale: view.scale, cx: view.cx - dx / view.scale, cy: view.cy + dy / view.scale });

/** The marker's length in pixels: true to size when zoomed in, never under MIN_MARKER_PX. */
export const markerLength = (scale) => Math.max(MIN_MARKER_PX, ROBOT_LENGTH_M * scale);

/** The world box a view should fit: the arenas' walls (and any robot outside them), or (hardware, no arena) the robots' poses with a metre round them. */
export function worldBox(arenas, points, minSpan = 4) {
  const box = { minX: Infinity, maxX: -Infinity, minY: Infinity, maxY: -Infinity };
  const grow = (x, y) => {
    box.minX = Math.min(box.minX, x); box.maxX = Math.max(box.maxX, x);
    box.minY = Math.min(box.minY, y); box.maxY = Math.max(box.maxY, y);
  };
  for (const arena of arenas) {
    grow(-arena.width / 2, -arena.height / 2);
    grow(arena.width / 2, arena.height / 2);
  }
  // Within walls the arena is the view (a robot outside them still shows); without, a metre round each robot.
  const round = arenas.length > 0 ? 0 : 1;
  for (const point of points) {
    grow(point.x - round, point.y - round);
    grow(point.x + round, point.y + round);
  }
  if (!Number.isFinite(box.minX)) grow(0, 0);
  for (const [lo, hi] of [['minX', 'maxX'], ['minY', 'maxY']]) {
    const missing = minSpan - (box[hi] - box[lo]);
    if (missing > 0 && arenas.length === 0) {
      box[lo] -= missing / 2;
      box[hi] += missing / 2;
    }
  }
  return box;
}

const intersects = (a, b) => a.left < b.left + b.width + GAP_PX && b.left < a.left + a.width + GAP_PX
  && a.top < b.top + b.height + GAP_PX && b.top < a.top + a.height + GAP_PX;

/**
 * Where each label goes: beside its marker if it can, else the nearest free place round it, stacking outwards, so
 * that no two labels intersect and none covers a marker. A label moved off its marker is marked for a leader line.
 * @param labels [{ x, y, size, width, height }]: the marker's centre and length, the label's size (px)
 * @returns [{ left, top, width, height, leader }]
 */
export function placeLabels(labels, width, height) {
  const markers = labels.map(({ x, y, size }) => ({ left: x - size / 2, top: y - size / 2, width: size, height: size }));
  const placed = [];
  for (const label of labels) {
    const half = label.size / 2;
    const beside = [
      { left: label.x + half + 4, top: label.y - label.height / 2 },
      { left: label.x - half - 4 - label.width, top: label.y - label.height / 2 },
      { left: label.x - label.width / 2, top: label.y - half - 4 - label.height },
      { left: label.x - label.width / 2, top: label.y + half + 4 },
    ];
    const candidates = [...beside.map((spot) => ({ ...spot, leader: false }))];
    for (let step = 1; step <= 12; step++) {
      const dy = step * (label.height + GAP_PX + 1);
      for (const spot of beside.slice(0, 2)) {
        candidates.push({ left: spot.left, top: spot.top + dy, leader: true });
        candidates.push({ left: spot.left, top: spot.top - dy, leader: true });
      }
    }
    const inside = (box) => box.left >= 0 && box.top >= 0 && box.left + box.width <= width && box.top + box.height <= height;
    const free = (box) => !placed.some((other) => intersects(box, other)) && !markers.some((marker) => intersects(box, marker));
    const boxes = candidates.map((spot) => ({ ...spot, width: label.width, height: label.height }));
    const chosen = boxes.find((box) => inside(box) && free(box)) ?? boxes.find(free) ?? boxes[0];
    placed.push(chosen);
  }
  return placed;
}
