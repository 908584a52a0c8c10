// The formation while Both is chosen: a dashed line from each member to the next, in the group's order (the leader
// first: in `follow` the second robot keeps behind the first), and the mode named under its middle (the robots' own
// labels sit above and beside their markers). It shows what the operator's inputs drive now, drawn under the markers.

/** points: the members' markers on screen, in order ({ sx, sy }); mode: Both's mode. */
export function drawFormation(context, points, mode) {
  if (points.length < 2) return;
  context.save();
  context.strokeStyle = '#1a73e8';
  context.globalAlpha = 0.7;
  context.lineWidth = 2;
  context.setLineDash([6, 4]);
  context.beginPath();
  context.moveTo(points[0].sx, points[0].sy);
  for (const point of points.slice(1)) context.lineTo(point.sx, point.sy);
  context.stroke();
  context.setLineDash([]);
  context.globalAlpha = 1;
  context.fillStyle = '#1a73e8';
  context.font = '600 12px system-ui, sans-serif';
  const [a, b] = points;
  context.textAlign = 'center';
  context.textBaseline = 'top';
  context.fillText(`Both · ${mode}`, (a.sx + b.sx) / 2, Math.max(a.sy, b.sy) + 18);
  context.restore();
}
