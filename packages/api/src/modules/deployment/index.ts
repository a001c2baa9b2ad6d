// The deployment module's face: what other modules and the composition root may import from it.
export { DeploymentEntity } from './deployment.entity.js';
export type { DeploymentSettings } from './deployment.entity.js';
export { DeploymentResolver } from './deployment.resolver.js';
export { Deployment, toDeployment } from './deployment.types.js';
export { DeploymentService } from './deployment.service.js';
