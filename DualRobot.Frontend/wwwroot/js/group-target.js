// Driving a group ("Both"): the holds know a group by a key no robot's name can be ("group:all"), and the control
// client wrapped here sends that key's motion to the group's routes, in the mode the operator chose, and a robot's to
// the robot's. Everything else about a hold (renewals, the stop on release, a refusal shown) is the robot's own.
// Pure: no DOM.

/** The group every robot of an api instance is in, always there (the api's default group). */
export const ALL = 'all';

/** The api's group modes, the first the default. */
export const MODES = ['together', 'mirror', 'follow'];

const PREFIX = 'group:';

export const groupKey = (group) => `${PREFIX}${group}`;

/** The group a hold's key names, or null for a robot's name. */
export const groupOf = (key) => (typeof key === 'string' && key.startsWith(PREFIX) ? key.slice(PREFIX.length) : null);

/**
 * The speed a group drives at: the lowest of its members' sliders, so no member goes faster than its own card says;
 * undefined when a member has no slider (a robot without enable pins drives at full speed only and the api takes no
 * other speed for its group).
 */
export function groupSpeed(speeds) {
  if (speeds.length === 0 || speeds.some((speed) => speed === undefined)) return undefined;
  return Math.min(...speeds);
}

/**
 * The holds' client: drive, velocity and heartbeat of a robot as the control client sends them, of a group key to the
 * group's routes with modeOf()'s mode (a stop carries none: it stops every member in any mode).
 */
export function createTargetClient(client, { modeOf, stopDirection }) {
  return {
    drive(target, direction, speed, leaseMs, options) {
      const group = groupOf(target);
      if (!group) return client.drive(target, direction, speed, leaseMs, options);
      return client.groupDrive(group, direction === stopDirection ? undefined : modeOf(), direction, speed, leaseMs, options);
    },
    velocity(target, linear, angular, leaseMs, options) {
      const group = groupOf(target);
      return group ? client.groupVelocity(group, modeOf(), linear, angular, leaseMs, options) : client.velocity(target, linear, angular, leaseMs, options);
    },
    heartbeat(target, leaseMs, options) {
      const group = groupOf(target);
      return group ? client.groupHeartbeat(group, leaseMs, options) : client.heartbeat(target, leaseMs, options);
    },
  };
}
