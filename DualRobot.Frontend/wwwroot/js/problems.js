// How the page reads an answer: ok, or a refusal as one readable line and a kind (the problem type's last segment,
// or the page's own: timeout, console-unreachable) the page can branch on. Pure: no DOM.

/** The part of a problem type after the base (given without its scheme), or null for a type of another base. */
export function kindOf(type, problemBase) {
  if (typeof type !== 'string') return null;
  const at = type.indexOf(`://${problemBase}`);
  return at >= 0 ? type.slice(at + 3 + problemBase.length) : null;
}

/** Turns a refusal (its status and problem details) into a kind and a message. */
export function describe(status, problem, problemBase) {
  if (status === 401) return { kind: 'unauthorized', message: 'Your session has ended: sign in again.' };
  if (status === 403) return { kind: 'forbidden', message: 'Not allowed.' };
  try {
    const errors = problem.errors ? Object.values(problem.errors).flat().join(' ') : '';
    const kind = kindOf(problem.type, problemBase) ?? `http-${status}`;
    const message = [problem.title, errors || problem.detail].filter(Boolean).join(': ') || `Refused (${status}).`;
    return { kind, message };
  } catch {
    return { kind: `http-${status}`, message: `Refused (${status}).` };
  }
}

/**
 * An answer as the page keeps it: { ok, status, kind, message }, and for an accepted robot command the version of
 * the state it left (the body of a success is the robot's state).
 */
export const answered = (status, body, problemBase) => (status >= 200 && status < 300
  ? { ok: true, status, kind: 'ok', message: '', ...(typeof body?.version === 'number' ? { version: body.version } : {}) }
  : { ok: false, status, ...describe(status, body, problemBase) });

/** The page's own kinds, for answers that never came. */
export const TIMEOUT = 'timeout';
export const CONSOLE_UNREACHABLE = 'console-unreachable';
