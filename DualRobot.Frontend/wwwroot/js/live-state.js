// Live robot state from the console's /events stream, the page's one subscription to it. Every other part of the
// page hears of it from here: a robot's state (onState), the link to it (onLink: whether the console's stream and the
// api are up, and since when) and, for signed-in users, the audit records (onActivity). EventSource reconnects by
// itself; the console sends its status and every robot's state first on each connection, so the page heals after
// any outage.

import { consoleClock } from './console-clock.js';

export function connectLiveState(root) {
  const versions = new Map();
  const states = new Map();
  const link = {
    streamUp: false,
    apiReachable: root.getElementById('banner-api')?.hidden ?? true,
    since: Date.parse(root.querySelector('#banner-api time')?.dateTime ?? '') || Date.now(),
    // Robots whose api instance the console cannot reach: only their cards say so; the others keep driving.
    unreachable: new Set(),
  };
  const listeners = { state: [], link: [], activity: [], stream: [] };
  const emit = (kind, value) => {
    for (const listener of listeners[kind]) listener(value);
  };

  // since: when the api became (un)reachable, as the console says; the page's own clock for the stream.
  function setLink(streamUp, apiReachable, since) {
    if (since) link.since = Date.parse(since);
    else if (link.streamUp !== streamUp || link.apiReachable !== apiReachable) link.since = Date.now();
    link.streamUp = streamUp;
    link.apiReachable = apiReachable;
    emit('link', link);
  }

  // A robot the page has no card for (the page was loaded while the api was down, or the fleet changed):
  // reload to get its card and controls, at most every 10 s so a persistent mismatch cannot loop.
  let reloadTimer = 0;
  function reloadForNewRobot() {
    const last = Number(sessionStorage.getItem('dualrobot-reloaded') ?? 0);
    if (reloadTimer || Date.now() - last < 10_000) return;
    reloadTimer = setTimeout(() => {
      sessionStorage.setItem('dualrobot-reloaded', String(Date.now()));
      location.reload();
    }, 500);
  }
  const hasCard = (name) => [...root.querySelectorAll('[data-robot-card]')].some((card) => card.dataset.robot.toLowerCase() === name.toLowerCase());

  const source = new EventSource('/events');

  source.addEventListener('open', () => {
    setLink(true, link.apiReachable);
    emit('stream', 'open');
  });

  source.addEventListener('error', () => setLink(false, link.apiReachable)); // EventSource retries on its own

  source.addEventListener('console', (event) => {
    const status = JSON.parse(event.data);
    // A new api connection restarts version numbers (the api may have restarted): forget the old ones.
    versions.clear();
    link.unreachable = new Set((status.unreachable ?? []).map((name) => name.toLowerCase()));
    consoleClock.observe(status.time);
    setLink(true, status.apiReachable, status.since);
  });

  source.addEventListener('state', (event) => {
    const state = JSON.parse(event.data);
    const key = state.name.toLowerCase();
    if ((versions.get(key) ?? -1) >= state.version) return;
    versions.set(key, state.version);
    states.set(key, state);
    if (!hasCard(state.name)) reloadForNewRobot();
    emit('state', state);
  });

  source.addEventListener('activity', (event) => emit('activity', JSON.parse(event.data)));

  return {
    source,
    states,
    link,
    /** (state) for every newer state of a robot. */
    onState: (listener) => listeners.state.push(listener),
    /** (link) whenever the stream or the api comes or goes. */
    onLink: (listener) => listeners.link.push(listener),
    /** (record) for every audit record the console passes on (signed-in users only). */
    onActivity: (listener) => listeners.activity.push(listener),
    /** () each time the stream (re)opens. */
    onStreamOpen: (listener) => listeners.stream.push(listener),
  };
}
