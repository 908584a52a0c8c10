// The replay's arena: an SVG top-down view of each robot's recorded path, each stretch in its driver's colour, and
// a marker per robot where the playhead puts it. World: metres, x forward at heading 0, heading counter-clockwise;
// drawn with +x to the right and +y up (the SVG's y is the world's −y). The live arena (arena.js) draws the robots
// of now from the state stream; this one draws a recording, so it is its own small module.

import { poseAt, stretchesOf, driverAt } from './replay-timeline.js';

const SVG = 'http://www.w3.org/2000/svg';
const MIN_SPAN_M = 1;
const MARGIN_M = 0.25;
const GRID_M = 0.25;

function element(name, attributes = {}, parent = null) {
  const node = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, String(value));
  parent?.appendChild(node);
  return node;
}

const round = (value) => Math.round(value * 1000) / 1000;

/** Draws tracks (replay-timeline.js tracksOf) into the svg; moveTo(t) puts each robot's marker at its pose at t. */
export function createReplayArena(svg, colourOf) {
  let robots = [];
  let unit = 0.02;

  function extent(tracks) {
    let [minX, minY, maxX, maxY] = [0, 0, 0, 0];
    for (const track of tracks) {
      for (const { x, y } of track.poses) {
        minX = Math.min(minX, x); maxX = Math.max(maxX, x);
        minY = Math.min(minY, y); maxY = Math.max(maxY, y);
      }
    }
    const span = Math.max(MIN_SPAN_M, maxX - minX, maxY - minY) + 2 * MARGIN_M;
    const cx = (minX + maxX) / 2;
    const cy = (minY + maxY) / 2;
    return { left: cx - span / 2, top: -(cy + span / 2), span };
  }

  function grid(view, parent) {
    const group = element('g', { class: 'replay-grid' }, parent);
    const first = (value) => Math.ceil(value / GRID_M) * GRID_M;
    for (let x = first(view.left); x <= view.left + view.span; x += GRID_M) {
      element('line', { x1: round(x), x2: round(x), y1: view.top, y2: view.top + view.span }, group);
    }
    for (let y = first(view.top); y <= view.top + view.span; y += GRID_M) {
      element('line', { y1: round(y), y2: round(y), x1: view.left, x2: view.left + view.span }, group);
    }
  }

  function show(tracks) {
    svg.replaceChildren();
    const list = [...tracks];
    const view = extent(list);
    unit = view.span / 100;
    svg.setAttribute('viewBox', `${round(view.left)} ${round(view.top)} ${round(view.span)} ${round(view.span)}`);
    grid(view, svg);
    const paths = element('g', { class: 'replay-paths' }, svg);
    const markers = element('g', { class: 'replay-markers' }, svg);
    robots = list.map((track) => {
      for (const stretch of stretchesOf(track)) {
        const points = track.poses.slice(stretch.first, stretch.last + 1).map((p) => `${round(p.x)},${round(-p.y)}`).join(' ');
        element('polyline', {
          class: 'replay-path', points, stroke: colourOf(stretch.driver), 'stroke-width': unit * 1.2,
          'data-robot': track.name, 'data-driver': stretch.driver ?? '',
        }, paths);
      }
      const marker = element('g', { class: 'replay-marker', 'data-robot': track.name }, markers);
      const body = element('circle', { r: unit * 2.5, 'stroke-width': unit * 0.6 }, marker);
      element('line', { x1: 0, y1: 0, x2: unit * 4.5, y2: 0, 'stroke-width': unit * 0.8, class: 'replay-heading' }, marker);
      const name = element('text', { y: -unit * 4.5, 'font-size': unit * 4, 'text-anchor': 'middle', class: 'replay-name' }, marker);
      name.textContent = track.name;
      return { track, marker, body };
    });
  }

  /** Puts every marker at its robot's pose at t (hidden before its first state); returns what each robot shows. */
  function moveTo(t) {
    return robots.map(({ track, marker, body }) => {
      const pose = poseAt(track, t);
      const driver = driverAt(track, t);
      marker.toggleAttribute('hidden', !pose);
      marker.style.display = pose ? '' : 'none';
      if (pose) {
        const degrees = -pose.heading * 180 / Math.PI;
        marker.setAttribute('transform', `translate(${round(pose.x)} ${round(-pose.y)}) rotate(${round(degrees)})`);
        marker.querySelector('text').setAttribute('transform', `rotate(${round(-degrees)})`);
        marker.dataset.x = String(pose.x);
        marker.dataset.y = String(pose.y);
        marker.dataset.driver = driver ?? '';
        body.setAttribute('fill', colourOf(driver));
      }
      return { robot: track.name, pose, driver };
    });
  }

  return { show, moveTo };
}
