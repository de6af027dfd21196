// core/vm: libvirt VMs on overlays of built disks. The API the CLI (`bootable vm …`, `bootable boot`) and the
// VS Code tree view use.
export type { Acceleration, Endpoint, Firmware, NetworkMode, PortForward, ReadyProbe, VmRecord, VmState, VmStatus } from './types';
export { bootDisk, type BootResult } from './boot';
export {
  createVm, startVm, stopVm, restartVm, removeVm, waitReady,
  DEFAULT_CPUS, DEFAULT_MEMORY_MIB, DEFAULT_READY_TIMEOUT_MS,
  type CreateVmOptions, type VmOpOptions, type StopVmOptions, type WaitReadyOptions, type RemovedVm,
} from './lifecycle';
export { listVms, vmStatus, type VmQuery } from './status';
export { defaultLibvirtUri, isLocalUri } from './uri';
export { checkVmName, isValidVmName } from './names';
export { sshArgv } from './ssh';
export { tailSerialLog } from './serial-log';
export { httpStatus } from './probe';
export { vmStateRoot } from './state-dir';
export { formatVmTable, formatVmDetails, formatEndpoints, formatUptime } from './format';
