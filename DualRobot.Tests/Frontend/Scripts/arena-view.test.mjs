// The arena's view: fitting, zooming about a point, panning, the marker's least size, labels that never overlap.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  fit, markerLength, MIN_MARKER_PX, panBy, placeLabels, toScreen, toWorld, worldBox, zoomAt,
} from '../../../DualRobot.Frontend/wwwroot/js/arena-view.js';

const near = (actual, expected, what) => assert.ok(Math.abs(actual - expected) < 1e-6, `${what}: ${actual} ≠ ${expected}`);

test('the 4 m arena fills the panel along its shorter side, centred, with only the margin a marker needs', () => {
  const box = worldBox([{ width: 4, height: 4 }], [{ x: -0.5, y: 0 }]);
  assert.deepEqual(box, { minX: -2, maxX: 2, minY: -2, maxY: 2 });
  const view = fit(box, 600, 400, 12);
  near(view.scale, (400 - 24) / 4, 'scale');
  const [left, top] = toScreen(view, 600, 400, -2, 2);
  const [right, bottom] = toScreen(view, 600, 400, 2, -2);
  near(top, 12, 'top wall');
  near(bottom, 388, 'bottom wall');
  near((left + right) / 2, 300, 'centred');
});

test('without an arena the view spans the robots with a metre round them, at least 4 m', () => {
  const box = worldBox([], [{ x: 3, y: 0 }]);
  assert.ok(box.maxX - box.minX >= 4 && box.maxY - box.minY >= 4);
  assert.ok(box.maxX >= 4 && box.minX <= 2);
});

test('zooming keeps the world point under the pointer where it is, within the limits', () => {
  const view = fit({ minX: -2, maxX: 2, minY: -2, maxY: 2 }, 400, 400, 0);
  const before = toWorld(view, 400, 400, 300, 100);
  const zoomed = zoomAt(view, 400, 400, 300, 100, 2, 1, 1000);
  near(zoomed.scale, 200, 'scale doubled');
  const after = toWorld(zoomed, 400, 400, 300, 100);
  near(after[0], before[0], 'x under the pointer');
  near(after[1], before[1], 'y under the pointer');
  assert.equal(zoomAt(view, 400, 400, 0, 0, 100, 1, 300).scale, 300);
});

test('panning moves the world with the pointer', () => {
  const view = { scale: 100, cx: 0, cy: 0 };
  const moved = panBy(view, 50, -20);
  const [sx, sy] = toScreen(moved, 400, 400, 0, 0);
  near(sx, 250, 'x');
  near(sy, 180, 'y');
});

test('a marker is never under 20 px, and true to size once zoomed in', () => {
  assert.equal(markerLength(10), MIN_MARKER_PX);
  assert.equal(markerLength(1000), 200);
  assert.ok(MIN_MARKER_PX >= 20);
});

const overlap = (a, b) => a.left < b.left + b.width && b.left < a.left + a.width && a.top < b.top + b.height && b.top < a.top + a.height;

test('labels of robots on one spot, or side by side, never overlap each other or a marker', () => {
  for (const [a, b] of [[[100, 100], [100, 100]], [[100, 100], [130, 100]], [[100, 100], [100, 110]], [[380, 10], [390, 12]]]) {
    const labels = [
      { x: a[0], y: a[1], size: 20, width: 120, height: 30 },
      { x: b[0], y: b[1], size: 20, width: 120, height: 30 },
    ];
    const [first, second] = placeLabels(labels, 400, 300);
    assert.ok(!overlap(first, second), `labels overlap for robots at ${a} and ${b}: ${JSON.stringify([first, second])}`);
    for (const label of [first, second]) {
      for (const { x, y, size } of labels) {
        assert.ok(!overlap(label, { left: x - size / 2, top: y - size / 2, width: size, height: size }), `a label covers the marker at ${x}, ${y}`);
      }
    }
  }
});

test('a label sits beside its marker when there is room, and needs no leader line there', () => {
  const [label] = placeLabels([{ x: 100, y: 100, size: 20, width: 80, height: 20 }], 400, 300);
  assert.equal(label.left, 114);
  assert.equal(label.top, 90);
  assert.equal(label.leader, false);
});

test('a robot near the wall does not widen the arena view; a robot outside the walls is still in it', () => {
  assert.deepEqual(worldBox([{ width: 4, height: 4 }], [{ x: 0, y: -1.8 }]), { minX: -2, maxX: 2, minY: -2, maxY: 2 });
  assert.deepEqual(worldBox([{ width: 4, height: 4 }], [{ x: 2.5, y: 0 }]), { minX: -2, maxX: 2.5, minY: -2, maxY: 2 });
});
