// Same-origin calls to the console's /control endpoints. The api key never reaches the browser: the console adds it.
// Every call gives up after the console's command timeout (the console itself gives up on the api a little
// earlier and tells the api so in X-Command-Deadline), so a failure shows at once instead of after minutes.

import { contract } from './contract.js';
import { consoleClock } from './console-clock.js';
import { answered, TIMEOUT, CONSOLE_UNREACHABLE } from './problems.js';

const json = 'application/json';
const { problemBase } = contract;

/**
 * The console's command socket: motion commands (drive, velocity, heartbeat) as small messages on one connection
 * instead of a request each, which the browser and the console both handle faster. While it is not open (connecting,
 * refused, the console restarting) the same commands go as requests; it reconnects on its own, backing off.
 */
function createCommandSocket() {
  const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${contract.socketPath}`;
  const waiting = new Map(); // id -> settle(reply | null)
  let socket = null;
  let nextId = 1;
  let failures = 0;

  function connect() {
    const ws = new WebSocket(url);
    ws.addEventListener('open', () => {
      socket = ws;
      failures = 0;
      document.documentElement.dataset.commandSocket = 'open';
    });
    ws.addEventListener('message', (event) => {
      let reply;
      try {
        reply = JSON.parse(event.data);
      } catch {
        return;
      }
      waiting.get(reply.id)?.(reply);
      waiting.delete(reply.id);
    });
    ws.addEventListener('close', () => {
      if (socket === ws) socket = null;
      document.documentElement.dataset.commandSocket = 'closed';
      // Unanswered commands fail as a lost connection would; a hold sends its motion again (as a request now).
      for (const settle of waiting.values()) settle(null);
      waiting.clear();
      setTimeout(connect, Math.min(30_000, 1000 * 2 ** Math.min(failures++, 5)));
    });
  }
  connect();

  return {
    get open() {
      return socket?.readyState === WebSocket.OPEN;
    },
    /** Sends one command; resolves with the reply, or null if the socket closed first. */
    send(command, robot, body, traceparent, deadline, signal) {
      const id = nextId++;
      return new Promise((resolve, reject) => {
        waiting.set(id, resolve);
        signal.addEventListener('abort', () => {
          waiting.delete(id);
          reject(signal.reason);
        }, { once: true });
        socket.send(JSON.stringify({ id, command, robot, body, traceparent, ...(deadline ? { deadline } : {}) }));
      });
    },
  };
}

/**
 * @param {string} token antiforgery request token
 * @param {{ timeoutMs: number, onAnswer?: (what: string, result: object) => void }} options
 */
export function createControlClient(token, { timeoutMs = 1000, onAnswer } = {}) {
  const socket = createCommandSocket();

  // control: the element the command belongs to; it shows the command in flight (aria-busy) until the answer.
  // viaSocket: { command, robot } for a motion command the socket may carry; a keepalive stop (page closing) never.
  // trace: the traceparent of the operator action the command belongs to (a hold), on the socket or as a header.
  async function post(what, path, body, { keepalive = false, control, viaSocket, trace } = {}) {
    const started = performance.now();
    const abort = new AbortController();
    const timer = keepalive ? 0 : setTimeout(() => abort.abort(), timeoutMs);
    control?.setAttribute('aria-busy', 'true');
    // When this page gives up, in the console's clock: a command that reaches a console later is not sent on.
    const deadline = keepalive ? null : consoleClock.deadline(timeoutMs - (performance.now() - started));
    let result;
    try {
      const reply = viaSocket && !keepalive && socket.open ? await socket.send(viaSocket.command, viaSocket.robot, body, trace, deadline, abort.signal) : null;
      if (reply) {
        result = answered(reply.status, reply.body, problemBase);
      } else {
        const headers = { 'Content-Type': json, Accept: json, RequestVerificationToken: token };
        if (trace) headers.traceparent = trace;
        if (deadline) headers[contract.deadlineHeader] = deadline;
        const response = await fetch(path, {
          method: 'POST',
          headers,
          body: JSON.stringify(body ?? {}),
          credentials: 'same-origin',
          keepalive,
          signal: keepalive ? undefined : abort.signal,
        });
        result = answered(response.status, await response.json().catch(() => null), problemBase);
      }
    } catch {
      result = abort.signal.aborted
        ? { ok: false, status: 0, kind: TIMEOUT, message: `No answer within ${timeoutMs / 1000} s: the console or the api is not responding.` }
        : { ok: false, status: 0, kind: CONSOLE_UNREACHABLE, message: 'The console is unreachable.' };
    } finally {
      clearTimeout(timer);
      control?.removeAttribute('aria-busy');
    }
    result.ms = performance.now() - started;
    onAnswer?.(what, result);
    return result;
  }

  const robotPath = (robot, rest) => `/control/${encodeURIComponent(robot)}/${rest}`;
  // A group's commands go as requests: the command socket carries a robot's only.
  const groupPath = (group, rest) => `/control/groups/${encodeURIComponent(group)}/${rest}`;

  // A motion command: its /control route's last segment is the socket's command name.
  const motion = (what, robot, command, body, options) => post(what, robotPath(robot, command), body, { viaSocket: { command, robot }, ...options });

  return {
    drive: (robot, direction, speed, leaseMs, options) =>
      motion(`${direction === contract.stop ? 'stop' : 'drive'} ${robot}`, robot, 'drive', { direction, speed, leaseMs }, options),
    velocity: (robot, linear, angular, leaseMs, options) => motion(`velocity ${robot}`, robot, 'velocity', { linear, angular, leaseMs }, options),
    heartbeat: (robot, leaseMs, options) => motion(`heartbeat ${robot}`, robot, 'heartbeat', { leaseMs }, options),
    groupDrive: (group, mode, direction, speed, leaseMs, options) =>
      post(`${direction === contract.stop ? 'stop' : 'drive'} group ${group}`, groupPath(group, 'drive'), { mode, direction, speed, leaseMs }, options),
    groupVelocity: (group, mode, linear, angular, leaseMs, options) =>
      post(`velocity group ${group}`, groupPath(group, 'velocity'), { mode, linear, angular, leaseMs }, options),
    groupHeartbeat: (group, leaseMs, options) => post(`heartbeat group ${group}`, groupPath(group, 'heartbeat'), { leaseMs }, options),
    eye: (robot, state, options) => post(`eye ${robot}`, robotPath(robot, 'eye'), { state }, options),
    servo: (robot, index, angle, options) => post(`servo ${robot}`, robotPath(robot, `servos/${index}`), { angle }, options),
    resetPose: (robot, options) => post(`reset pose ${robot}`, robotPath(robot, 'pose/reset'), {}, options),
    /** Any other robot command, by the name its /control route ends in (the markup names it: command-buttons.js). */
    command: (robot, name, body, options) => post(`${name} ${robot}`, robotPath(robot, name), body ?? {}, options),
    takeControl: (robot, options) => post(`take control ${robot}`, robotPath(robot, 'take-control'), undefined, options),
    emergencyStop: (options) => post('emergency stop', '/control/estop', undefined, options),
    release: (options) => post('release e-stop', '/control/estop/release', undefined, options),
  };
}
