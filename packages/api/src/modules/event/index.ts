// The event module's face: what other modules and the composition root may import from it.
export { EventEntity } from './event.entity.js';
export { appendEvent, appendEvents, eventPayload } from './event.writer.js';
