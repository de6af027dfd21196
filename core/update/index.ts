// core/update: update a running VM from a new image, keep /etc and /var, roll back (docs/updates.md).
export { updateVm, rollbackVm, vmDeployments, type UpdateVmInput, type UpdateOptions, type UpdateResult, type RollbackResult } from './update';
export type { Deployment, DeploymentImage, GuestState } from './deployments';
export { formatDeployments } from './format';
export { updateOptions } from './options';
