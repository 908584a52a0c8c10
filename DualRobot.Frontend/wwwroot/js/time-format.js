// One time zone on the whole page, named: UTC, as the api writes times in its messages ("in use by alice (since
// 17:56:19 UTC)"), the audit trail and the logs. Pure.

const format = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false, timeZone: 'UTC' });

/** "17:56:19" of a time (an ISO string, a Date or milliseconds since the epoch), in UTC. */
export const utcTime = (time) => format.format(new Date(time));

/** "17:56:19 UTC". */
export const clock = (time) => `${utcTime(time)} UTC`;
