// The Replay page: the recorded sessions (GET /recordings through the console), and one played again: both robots'
// paths in the drivers' colours, a timeline with the drivers' stretches and the events, play/pause, speed, scrubbing,
// the activity as of the playhead and a link to the moment shown. Everything is drawn as text, never parsed as HTML.

import {
  activityAt, advance, createDriverColours, eventsOf, EVENT_KINDS, EVENT_LABELS, EVENT_LETTERS, formatOffset, fractionOf, mergeEntries, momentHref,
  parseMoment, speedOf, stretchesOf, timeAt, tracksOf,
} from './replay-timeline.js';
import { createReplayArena } from './replay-arena.js';

const $ = (id) => document.getElementById(id);
const timeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'short', timeStyle: 'medium' });

const ui = {
  robot: $('replay-robot'), status: $('replay-status'), sessions: $('replay-sessions'), player: $('replay-player'),
  title: $('replay-session-title'), legend: $('replay-legend'), play: $('replay-play'), speed: $('replay-speed'),
  clock: $('replay-clock'), moment: $('replay-moment'), mcap: $('replay-mcap'), lanes: $('replay-lanes'),
  events: $('replay-events'), eventLegend: $('replay-event-legend'), scrub: $('replay-scrub'), activity: $('replay-activity'),
};

const colourOf = createDriverColours();
const arena = createReplayArena($('replay-arena'), colourOf);
const replay = { session: null, start: 0, end: 0, t: 0, tracks: new Map(), events: [], playing: false, last: 0, shown: '' };

function text(tag, content, className) {
  const node = document.createElement(tag);
  node.textContent = content;
  if (className) node.className = className;
  return node;
}

async function getJson(url) {
  const response = await fetch(url, { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
  const body = response.headers.get('content-type')?.includes('json') ? await response.json() : null;
  if (!response.ok || body === null) {
    throw new Error(body?.detail ?? body?.title ?? `The console answered ${response.status}.`);
  }
  return body;
}

const say = (message) => { ui.status.textContent = message; };

async function listSessions() {
  const robot = ui.robot.value;
  say('Loading sessions…');
  try {
    const sessions = await getJson(`/recordings${robot ? `?robot=${encodeURIComponent(robot)}` : ''}`);
    ui.sessions.replaceChildren(...sessions.map(sessionItem));
    say(sessions.length === 0 ? 'No recorded session yet.' : '');
    markSelected();
  } catch (error) {
    say(`Could not list the sessions: ${error.message}`);
  }
}

function sessionItem(session) {
  const item = document.createElement('li');
  item.dataset.session = String(session.id);
  item.dataset.robot = session.robot;
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'replay-session';
  const seconds = (Date.parse(session.end) - Date.parse(session.start)) / 1000;
  button.append(
    text('strong', session.robot),
    text('span', ` ${session.driver ?? 'nobody'} · ${timeFormat.format(new Date(session.start))} · ${seconds.toFixed(1)} s`),
    text('span', ` · ${session.commands} commands, ${session.refusals} refused, ${session.stops} stops`, 'replay-session-counts'),
  );
  button.addEventListener('click', () => openSession(session.id, 0));
  item.append(button);
  return item;
}

function markSelected() {
  for (const item of ui.sessions.children) {
    item.toggleAttribute('aria-current', item.dataset.session === String(replay.session?.id));
  }
}

/** Loads a session and the other robots' sessions overlapping it, and shows offsetMs into it, paused. */
async function openSession(id, offsetMs) {
  pause();
  say('Loading the recording…');
  try {
    const main = await getJson(`/recordings/${encodeURIComponent(id)}`);
    // Known by the id it was opened with: with several api instances the console's list names each session by its
    // instance (api-1~42) while the instance's own recording says 42.
    const session = { ...main.session, id };
    const start = Date.parse(session.start);
    const end = Date.parse(session.end);
    const overlapping = await getJson(`/recordings?from=${encodeURIComponent(session.start)}&to=${encodeURIComponent(session.end)}&limit=50`);
    const others = await Promise.all(overlapping.filter((s) => String(s.id) !== String(id)).map((s) => getJson(`/recordings/${encodeURIComponent(s.id)}`)));
    // Other robots' sessions are cut to this one's span; their events are found in the whole of them, so a stop
    // whose audit record falls just past the span is still known for a command's.
    const entries = mergeEntries([main, ...others]);
    const within = (time) => time >= start && time <= end;
    Object.assign(replay, {
      session, start, end,
      tracks: tracksOf(entries.filter((entry) => within(Date.parse(entry.time)))),
      events: eventsOf(entries).filter((event) => within(event.time)),
    });
    ui.player.hidden = false;
    ui.title.textContent = `${session.robot}, driven by ${session.driver ?? 'nobody'}, ${timeFormat.format(new Date(start))}`;
    ui.mcap.href = `/recordings/${encodeURIComponent(session.id)}.mcap`;
    ui.scrub.max = String(Math.max(1, end - start));
    ui.player.dataset.start = String(start);
    ui.player.dataset.session = String(session.id);
    arena.show(replay.tracks.values());
    drawTimeline();
    markSelected();
    say('');
    seek(start + offsetMs);
  } catch (error) {
    say(`Could not open session ${id}: ${error.message}`);
  }
}

function place(node, fromTime, toTime) {
  const left = fractionOf(fromTime, replay.start, replay.end) * 100;
  node.style.left = `${left}%`;
  if (toTime !== undefined) node.style.width = `${Math.max(0.5, fractionOf(toTime, replay.start, replay.end) * 100 - left)}%`;
}

function drawTimeline() {
  ui.lanes.replaceChildren(...[...replay.tracks.values()].map((track) => {
    const lane = document.createElement('div');
    lane.className = 'replay-lane';
    lane.dataset.robot = track.name;
    const bar = document.createElement('div');
    bar.className = 'replay-lane-bar';
    for (const stretch of stretchesOf(track)) {
      const part = text('span', stretch.driver ?? 'nobody', 'replay-stretch');
      part.dataset.driver = stretch.driver ?? '';
      part.style.background = colourOf(stretch.driver);
      part.title = `${track.name}: ${stretch.driver ?? 'nobody'} from ${formatOffset(stretch.from - replay.start)} to ${formatOffset(stretch.to - replay.start)}`;
      place(part, stretch.from, stretch.to);
      bar.append(part);
    }
    lane.append(text('span', track.name, 'replay-lane-name'), bar);
    return lane;
  }));
  ui.events.replaceChildren(...replay.events.map((event) => {
    const mark = document.createElement('button');
    mark.type = 'button';
    mark.className = 'replay-event';
    mark.dataset.kind = event.kind;
    mark.dataset.time = String(event.time);
    mark.dataset.robot = event.robot ?? '';
    const at = formatOffset(event.time - replay.start);
    mark.title = `${at} ${event.label}`;
    mark.setAttribute('aria-label', `${event.label} at ${at}`);
    mark.textContent = EVENT_LETTERS[event.kind];
    place(mark, event.time);
    mark.addEventListener('click', () => { pause(); seek(event.time); });
    return mark;
  }));
}

function activityItem(event) {
  const item = document.createElement('li');
  item.dataset.kind = event.kind;
  item.dataset.time = String(event.time);
  const jump = document.createElement('button');
  jump.type = 'button';
  jump.className = 'replay-activity-time';
  jump.textContent = formatOffset(event.time - replay.start);
  jump.addEventListener('click', () => { pause(); seek(event.time); });
  item.append(jump, text('span', ` ${event.label}`));
  return item;
}

/** Shows the moment t everywhere: markers, legend, playhead, clock, activity and the moment's link. */
function seek(t) {
  replay.t = Math.min(replay.end, Math.max(replay.start, t));
  const offset = replay.t - replay.start;
  const shown = arena.moveTo(replay.t);
  ui.legend.replaceChildren(...shown.map(({ robot, pose, driver }) => {
    const item = text('li', pose
      ? `${robot}: x ${pose.x.toFixed(2)} m, y ${pose.y.toFixed(2)} m, driven by ${driver ?? 'nobody'}`
      : `${robot}: not yet recorded`);
    item.dataset.robot = robot;
    item.dataset.driver = driver ?? '';
    item.style.setProperty('--driver', colourOf(driver));
    return item;
  }));
  ui.scrub.value = String(Math.round(offset));
  ui.clock.textContent = `${formatOffset(offset)} / ${formatOffset(replay.end - replay.start)}`;
  ui.clock.dataset.offset = String(Math.round(offset));
  ui.moment.href = momentHref(location.pathname, replay.session.id, offset);
  const activity = activityAt(replay.events, replay.t);
  const key = activity.map((e) => `${e.time}${e.kind}`).join();
  if (key !== replay.shown) {
    replay.shown = key;
    ui.activity.replaceChildren(...activity.map(activityItem));
  }
  for (const mark of ui.events.children) mark.toggleAttribute('data-past', Number(mark.dataset.time) <= replay.t);
}

function frame(now) {
  if (!replay.playing) return;
  const { t, ended } = advance(replay.t, now - replay.last, ui.speed.value, replay.end);
  replay.last = now;
  seek(t);
  if (ended) pause();
  else requestAnimationFrame(frame);
}

function play() {
  if (!replay.session) return;
  if (replay.t >= replay.end) seek(replay.start);
  replay.playing = true;
  replay.last = performance.now();
  ui.play.textContent = 'Pause';
  ui.play.setAttribute('aria-pressed', 'true');
  requestAnimationFrame(frame);
}

function pause() {
  replay.playing = false;
  ui.play.textContent = 'Play';
  ui.play.setAttribute('aria-pressed', 'false');
}

ui.play.addEventListener('click', () => (replay.playing ? pause() : play()));
ui.speed.addEventListener('change', () => { ui.speed.value = String(speedOf(ui.speed.value)); });
ui.scrub.addEventListener('input', () => seek(timeAt(Number(ui.scrub.value) / Number(ui.scrub.max), replay.start, replay.end)));
ui.robot.addEventListener('change', listSessions);

ui.eventLegend.replaceChildren(...EVENT_KINDS.map((kind) => {
  const item = text('li', ` ${EVENT_LABELS[kind]}`);
  const letter = text('span', EVENT_LETTERS[kind], 'replay-event replay-event-key');
  letter.dataset.kind = kind;
  letter.dataset.past = '';
  item.prepend(letter);
  return item;
}));

const moment = parseMoment(location.search);
await listSessions();
if (moment) await openSession(moment.session, moment.offsetMs);
