// The event log's face: the events query, above organisation (whose scope rules it uses), while
// event/ below it only writes the stream.
export { EventResolver } from './event-log.resolver.js';
