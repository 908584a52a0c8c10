// An operator action's trace context (W3C traceparent): one trace id for a hold from press to release, a new span id
// for every command of it, so the console and the api put all of them in one trace.

const hex = (bytes) => [...crypto.getRandomValues(new Uint8Array(bytes))].map((b) => b.toString(16).padStart(2, '0')).join('');

/** A new trace id (16 random bytes, hex). */
export const newTraceId = () => hex(16);

/** The traceparent of one command of the action whose trace id is given (sampled). */
export const traceparent = (traceId) => `00-${traceId}-${hex(8)}-01`;
