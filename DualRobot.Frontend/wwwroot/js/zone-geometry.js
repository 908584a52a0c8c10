// Keep-out zones, pure (no DOM): the shapes a supervisor draws on the arena, checked by the same rules as the api's
// (DualRobot.Api/Contract/Zones/ZoneShape.cs) so that a bad one is named before it is sent, and the bodies of
// PUT /control/zones/{name}. The api checks every zone again: these checks only spare a round trip.
// Metres in the arena's frame (+x right, +y up), as the robots' poses.

export const MAX_POINTS = 32;
export const MAX_NAME_LENGTH = 64;
export const MAX_COORDINATE = 1000;

/** A rectangle narrower than this (m) on either side is a slip of the pointer, not a zone. */
export const MIN_SIDE_M = 0.05;

/** A click this near the first corner (CSS px) closes the polygon. */
export const CLOSE_PX = 12;

/** To the millimetre: what a pointer can mean on a floor, and a body that reads well in the audit trail. */
const mm = (value) => Math.round(value * 1000) / 1000;

/** The rectangle a drag from a to b spans ({x, y} in metres), or null when it is too small to be meant. */
export function rectangleFrom(a, b) {
  const rectangle = { minX: mm(Math.min(a.x, b.x)), minY: mm(Math.min(a.y, b.y)), maxX: mm(Math.max(a.x, b.x)), maxY: mm(Math.max(a.y, b.y)) };
  return rectangle.maxX - rectangle.minX < MIN_SIDE_M || rectangle.maxY - rectangle.minY < MIN_SIDE_M ? null : rectangle;
}

/** A zone's outline as points ({x, y}): a rectangle's four corners counter-clockwise from (minX, minY), or the polygon's. */
export function outline(zone) {
  const r = zone.rectangle;
  return r
    ? [{ x: r.minX, y: r.minY }, { x: r.maxX, y: r.minY }, { x: r.maxX, y: r.maxY }, { x: r.minX, y: r.maxY }]
    : (zone.polygon ?? []).map((point) => ({ x: point.x, y: point.y }));
}

/** Null for a good name, else why not (the api's words). */
export function nameProblem(name) {
  if (!name || name.length > MAX_NAME_LENGTH) return `A zone's name is 1 to ${MAX_NAME_LENGTH} characters.`;
  if (/^\s|\s$/u.test(name)) return "A zone's name does not start or end with a space.";
  const bad = [...name].find((c) => !/^[\p{L}\p{N} ._-]$/u.test(c));
  return bad ? "A zone's name has letters, digits, spaces, '-', '_' and '.' only." : null;
}

const orientation = (a, b, c) => (b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x);
const onSegment = (a, b, p) => p.x >= Math.min(a.x, b.x) && p.x <= Math.max(a.x, b.x) && p.y >= Math.min(a.y, b.y) && p.y <= Math.max(a.y, b.y);

function intersect(a, b, c, d) {
  const [d1, d2, d3, d4] = [orientation(c, d, a), orientation(c, d, b), orientation(a, b, c), orientation(a, b, d)];
  if (((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0))) return true;
  return (d1 === 0 && onSegment(c, d, a)) || (d2 === 0 && onSegment(c, d, b)) || (d3 === 0 && onSegment(a, b, c)) || (d4 === 0 && onSegment(a, b, d));
}

// Neighbouring edges share a corner; they overlap only if the second turns straight back along the first.
function foldsBack(first, corner, next) {
  const [ux, uy, vx, vy] = [corner.x - first.x, corner.y - first.y, next.x - corner.x, next.y - corner.y];
  return ux * vy - uy * vx === 0 && ux * vx + uy * vy < 0;
}

/** Shoelace: positive counter-clockwise (m²). */
export function area(points) {
  let twice = 0;
  points.forEach((a, i) => {
    const b = points[(i + 1) % points.length];
    twice += a.x * b.y - b.x * a.y;
  });
  return twice / 2;
}

/** Null for a polygon the api takes (3 to 32 corners, edges not crossing or touching, some area), else why not. */
export function polygonProblem(points) {
  const n = points.length;
  if (n < 3 || n > MAX_POINTS) return `A polygon has 3 to ${MAX_POINTS} points (this one has ${n}).`;
  if (points.some((p) => !Number.isFinite(p.x) || !Number.isFinite(p.y) || Math.abs(p.x) > MAX_COORDINATE || Math.abs(p.y) > MAX_COORDINATE)) {
    return `Every point lies within -${MAX_COORDINATE}..${MAX_COORDINATE} metres.`;
  }
  for (let i = 0; i < n; i++) {
    const [a, b] = [points[i], points[(i + 1) % n]];
    if (a.x === b.x && a.y === b.y) return `Points ${i} and ${(i + 1) % n} are the same point.`;
    for (let j = i + 1; j < n; j++) {
      const [c, d] = [points[j], points[(j + 1) % n]];
      const crosses = j === i + 1 ? foldsBack(a, b, d) : i === 0 && j === n - 1 ? foldsBack(c, a, b) : intersect(a, b, c, d);
      if (crosses) return `The polygon crosses itself: edge ${i}–${(i + 1) % n} meets edge ${j}–${(j + 1) % n}.`;
    }
  }
  return Math.abs(area(points)) < 1e-6 ? 'The points enclose no area.' : null;
}

/**
 * Null when a polygon being drawn may take its newest corner (an open chain: the closing edge is checked when it
 * closes), else why not: the new edge may not cross an earlier one, nor turn straight back along the last.
 */
export function chainProblem(points) {
  const n = points.length;
  if (n < 2) return null;
  const [c, d] = [points[n - 2], points[n - 1]];
  if (c.x === d.x && c.y === d.y) return 'That is the last corner again.';
  if (n >= 3 && foldsBack(points[n - 3], c, d)) return 'That corner turns straight back along the last edge.';
  for (let i = 0; i <= n - 4; i++) {
    if (intersect(points[i], points[i + 1], c, d)) return `The edge to that corner crosses edge ${i}–${i + 1}.`;
  }
  return null;
}

/** Whether a click at screen point (sx, sy) closes a polygon whose first corner is drawn at first ([x, y] px). */
export const closes = (points, first, sx, sy) => points.length >= 3 && Math.hypot(sx - first[0], sy - first[1]) <= CLOSE_PX;

/** The corner a click adds, to the millimetre. */
export const corner = ({ x, y }) => ({ x: mm(x), y: mm(y) });

/** The body of PUT /control/zones/{name}: a rectangle or a polygon, for one robot or (robot empty) every robot. */
export function zoneBody(shape, robot) {
  const body = Array.isArray(shape) ? { polygon: shape.map(corner) } : { rectangle: shape };
  return robot ? { ...body, robot } : body;
}

/** Who a zone keeps out, as the arena's list says it. */
export const keptOut = (zone) => (zone.robot ? `${zone.robot} only` : 'every robot');

/** Where a zone's name goes on the arena: the centre of its outline's box (a concave polygon may put it outside). */
export function labelPoint(points) {
  const xs = points.map((p) => p.x);
  const ys = points.map((p) => p.y);
  return { x: (Math.min(...xs) + Math.max(...xs)) / 2, y: (Math.min(...ys) + Math.max(...ys)) / 2 };
}
