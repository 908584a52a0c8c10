// Keep-out zones as the supervisor draws them: a drag's rectangle, a polygon's corners checked by the api's rules
// before they are sent, the request body, and where the name goes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  area, chainProblem, closes, keptOut, labelPoint, MAX_POINTS, nameProblem, outline, polygonProblem, rectangleFrom, zoneBody,
} from '../../../DualRobot.Frontend/wwwroot/js/zone-geometry.js';

test('a drag spans a rectangle whichever way it went, to the millimetre', () => {
  const expected = { minX: 0.2, minY: -0.5, maxX: 0.601, maxY: 0.5 };
  assert.deepEqual(rectangleFrom({ x: 0.2, y: 0.5 }, { x: 0.60111, y: -0.5 }), expected);
  assert.deepEqual(rectangleFrom({ x: 0.60111, y: -0.5 }, { x: 0.2, y: 0.5 }), expected);
});

test('a drag too short on either side is a slip, not a zone', () => {
  assert.equal(rectangleFrom({ x: 0, y: 0 }, { x: 0.01, y: 1 }), null);
  assert.equal(rectangleFrom({ x: 0, y: 0 }, { x: 1, y: 0.049 }), null);
  assert.notEqual(rectangleFrom({ x: 0, y: 0 }, { x: 0.05, y: 0.05 }), null);
});

test("a rectangle's outline runs counter-clockwise from its lower left; a polygon's is its points", () => {
  assert.deepEqual(outline({ rectangle: { minX: 0, minY: 0, maxX: 2, maxY: 1 } }), [{ x: 0, y: 0 }, { x: 2, y: 0 }, { x: 2, y: 1 }, { x: 0, y: 1 }]);
  assert.deepEqual(outline({ polygon: [{ x: 0, y: 1 }, { x: 1, y: 1 }, { x: 0.5, y: 1.8 }] }), [{ x: 0, y: 1 }, { x: 1, y: 1 }, { x: 0.5, y: 1.8 }]);
  assert.equal(area(outline({ rectangle: { minX: 0, minY: 0, maxX: 2, maxY: 1 } })), 2);
});

test('a polygon the api would refuse is named before it is sent, in the api\'s words', () => {
  const square = [{ x: 0, y: 0 }, { x: 1, y: 0 }, { x: 1, y: 1 }, { x: 0, y: 1 }];
  assert.equal(polygonProblem(square), null);
  assert.equal(polygonProblem([{ x: 0, y: 0 }, { x: 1, y: 1 }, { x: 1, y: 0 }, { x: 0, y: 1 }]), 'The polygon crosses itself: edge 0–1 meets edge 2–3.');
  assert.equal(polygonProblem(square.slice(0, 2)), 'A polygon has 3 to 32 points (this one has 2).');
  assert.match(polygonProblem(Array.from({ length: MAX_POINTS + 1 }, (_, i) => ({ x: Math.cos(i), y: Math.sin(i) }))), /this one has 33/);
  assert.equal(polygonProblem([{ x: 0, y: 0 }, { x: 1, y: 0 }, { x: 0.5, y: 1e-7 }]), 'The points enclose no area.');
  assert.equal(polygonProblem([{ x: 0, y: 0 }, { x: 0, y: 0 }, { x: 1, y: 1 }]), 'Points 0 and 1 are the same point.');
  // Turning straight back along the last edge.
  assert.match(polygonProblem([{ x: 0, y: 0 }, { x: 2, y: 0 }, { x: 1, y: 0 }, { x: 1, y: 1 }]), /crosses itself/);
  // Concave is fine.
  assert.equal(polygonProblem([{ x: 0, y: 0 }, { x: 2, y: 0 }, { x: 2, y: 2 }, { x: 1, y: 0.5 }, { x: 0, y: 2 }]), null);
});

test('names follow the api\'s rules', () => {
  assert.equal(nameProblem('Desk 2_b.c-d'), null);
  assert.equal(nameProblem('Café'), null);
  assert.match(nameProblem(''), /1 to 64/);
  assert.match(nameProblem('x'.repeat(65)), /1 to 64/);
  assert.match(nameProblem(' Desk'), /start or end with a space/);
  assert.match(nameProblem('Desk/1'), /letters, digits/);
});

test('a click near the first corner closes a polygon of three corners or more', () => {
  const three = [{ x: 0, y: 0 }, { x: 1, y: 0 }, { x: 1, y: 1 }];
  assert.equal(closes(three, [100, 100], 108, 104), true);
  assert.equal(closes(three, [100, 100], 130, 100), false);
  assert.equal(closes(three.slice(0, 2), [100, 100], 100, 100), false);
});

test('the body is a rectangle or a polygon to the millimetre, for one robot or every robot', () => {
  const rectangle = { minX: 0, minY: 0, maxX: 1, maxY: 1 };
  assert.deepEqual(zoneBody(rectangle, ''), { rectangle });
  assert.deepEqual(zoneBody(rectangle, 'Linus'), { rectangle, robot: 'Linus' });
  assert.deepEqual(zoneBody([{ x: 0.12345, y: 0 }, { x: 1, y: 0 }, { x: 0, y: 1 }], null), { polygon: [{ x: 0.123, y: 0 }, { x: 1, y: 0 }, { x: 0, y: 1 }] });
});

test('the list says whom a zone keeps out; its name goes in the middle of its box', () => {
  assert.equal(keptOut({ robot: null }), 'every robot');
  assert.equal(keptOut({ robot: 'Linus' }), 'Linus only');
  assert.deepEqual(labelPoint([{ x: 0, y: 0 }, { x: 2, y: 0 }, { x: 1, y: 3 }]), { x: 1, y: 1.5 });
});

test('a polygon being drawn takes a corner unless its edge crosses an earlier one; it may close crossing later', () => {
  // A U drawn corner by corner: open, its closing edge would cross, yet each corner is fine.
  const u = [{ x: 0, y: 0 }, { x: 3, y: 0 }, { x: 3, y: 2 }, { x: 2, y: 2 }, { x: 2, y: 1 }];
  u.forEach((_, i) => assert.equal(chainProblem(u.slice(0, i + 1)), null));
  assert.equal(chainProblem([...u, { x: 2.5, y: -1 }]), 'The edge to that corner crosses edge 0–1.');
  assert.equal(chainProblem([{ x: 0, y: 0 }, { x: 1, y: 0 }, { x: 1, y: 0 }]), 'That is the last corner again.');
  assert.equal(chainProblem([{ x: 0, y: 0 }, { x: 2, y: 0 }, { x: 1, y: 0 }]), 'That corner turns straight back along the last edge.');
});
