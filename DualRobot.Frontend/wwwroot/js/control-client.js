// Same-origin calls to the console's /control endpoints. The api key never reaches the browser: the console adds it.

const json = 'application/json';

/** Turns a failed response into one readable line, from the api's problem details when there are some. */
async function describe(response) {
  if (response.status === 401) return 'Your session has ended: sign in again.';
  if (response.status === 403) return 'Not allowed.';
  try {
    const problem = await response.json();
    const errors = problem.errors ? Object.values(problem.errors).flat().join(' ') : '';
    return [problem.title, errors || problem.detail].filter(Boolean).join(': ') || `Refused (${response.status}).`;
  } catch {
    return `Refused (${response.status}).`;
  }
}

export function createControlClient(token) {
  async function post(path, body, { keepalive = false } = {}) {
    let response;
    try {
      response = await fetch(path, {
        method: 'POST',
        headers: { 'Content-Type': json, Accept: json, RequestVerificationToken: token },
        body: JSON.stringify(body ?? {}),
        credentials: 'same-origin',
        keepalive,
      });
    } catch {
      return { ok: false, status: 0, message: 'The console is unreachable.' };
    }
    if (response.ok) return { ok: true, status: response.status };
    return { ok: false, status: response.status, message: await describe(response) };
  }

  const robotPath = (robot, rest) => `/control/${encodeURIComponent(robot)}/${rest}`;

  return {
    drive: (robot, direction, speed, leaseMs, options) =>
      post(robotPath(robot, 'drive'), { direction, speed, leaseMs }, options),
    heartbeat: (robot, leaseMs) => post(robotPath(robot, 'heartbeat'), { leaseMs }),
    eye: (robot, state) => post(robotPath(robot, 'eye'), { state }),
    servo: (robot, index, angle) => post(robotPath(robot, `servos/${index}`), { angle }),
    takeControl: (robot) => post(robotPath(robot, 'take-control')),
    emergencyStop: () => post('/control/estop'),
    release: () => post('/control/estop/release'),
  };
}
