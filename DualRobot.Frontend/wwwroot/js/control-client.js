// Same-origin calls to the console's /control endpoints. The api key never reaches the browser: the console adds it.
// Every call gives up after the console's command timeout (the console itself gives up on the api a little
// earlier and tells the api so in X-Command-Deadline), so a failure shows at once instead of after minutes.

const json = 'application/json';
const problemBase = 'https://dualrobot.dev/problems/';

/** Turns a failed response into one readable line and a kind (the problem type's last segment) the page can branch on. */
async function describe(response) {
  if (response.status === 401) return { kind: 'unauthorized', message: 'Your session has ended: sign in again.' };
  if (response.status === 403) return { kind: 'forbidden', message: 'Not allowed.' };
  try {
    const problem = await response.json();
    const errors = problem.errors ? Object.values(problem.errors).flat().join(' ') : '';
    const kind = typeof problem.type === 'string' && problem.type.startsWith(problemBase) ? problem.type.slice(problemBase.length) : `http-${response.status}`;
    const message = [problem.title, errors || problem.detail].filter(Boolean).join(': ') || `Refused (${response.status}).`;
    return { kind, message };
  } catch {
    return { kind: `http-${response.status}`, message: `Refused (${response.status}).` };
  }
}

/**
 * @param {string} token antiforgery request token
 * @param {{ timeoutMs: number, onAnswer?: (what: string, result: object) => void }} options
 */
export function createControlClient(token, { timeoutMs = 1000, onAnswer } = {}) {
  // control: the element the command belongs to; it shows the command in flight (aria-busy) until the answer.
  async function post(what, path, body, { keepalive = false, control } = {}) {
    const started = performance.now();
    const abort = new AbortController();
    const timer = keepalive ? 0 : setTimeout(() => abort.abort(), timeoutMs);
    control?.setAttribute('aria-busy', 'true');
    let result;
    try {
      const response = await fetch(path, {
        method: 'POST',
        headers: { 'Content-Type': json, Accept: json, RequestVerificationToken: token },
        body: JSON.stringify(body ?? {}),
        credentials: 'same-origin',
        keepalive,
        signal: keepalive ? undefined : abort.signal,
      });
      result = response.ok
        ? { ok: true, status: response.status, kind: 'ok', message: '' }
        : { ok: false, status: response.status, ...(await describe(response)) };
    } catch {
      result = abort.signal.aborted
        ? { ok: false, status: 0, kind: 'timeout', message: `No answer within ${timeoutMs / 1000} s: the console or the api is not responding.` }
        : { ok: false, status: 0, kind: 'console-unreachable', message: 'The console is unreachable.' };
    } finally {
      clearTimeout(timer);
      control?.removeAttribute('aria-busy');
    }
    result.ms = performance.now() - started;
    onAnswer?.(what, result);
    return result;
  }

  const robotPath = (robot, rest) => `/control/${encodeURIComponent(robot)}/${rest}`;

  return {
    drive: (robot, direction, speed, leaseMs, options) =>
      post(`${direction === 'stop' ? 'stop' : 'drive'} ${robot}`, robotPath(robot, 'drive'), { direction, speed, leaseMs }, options),
    velocity: (robot, linear, angular, leaseMs, options) =>
      post(`velocity ${robot}`, robotPath(robot, 'velocity'), { linear, angular, leaseMs }, options),
    heartbeat: (robot, leaseMs, options) => post(`heartbeat ${robot}`, robotPath(robot, 'heartbeat'), { leaseMs }, options),
    eye: (robot, state, options) => post(`eye ${robot}`, robotPath(robot, 'eye'), { state }, options),
    servo: (robot, index, angle, options) => post(`servo ${robot}`, robotPath(robot, `servos/${index}`), { angle }, options),
    resetPose: (robot, options) => post(`reset pose ${robot}`, robotPath(robot, 'pose/reset'), {}, options),
    takeControl: (robot, options) => post(`take control ${robot}`, robotPath(robot, 'take-control'), undefined, options),
    emergencyStop: (options) => post('emergency stop', '/control/estop', undefined, options),
    release: (options) => post('release e-stop', '/control/estop/release', undefined, options),
  };
}
