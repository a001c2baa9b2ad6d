// The user module's face: what other modules and the composition root may import from it.
export { UserEntity } from './user.entity.js';
