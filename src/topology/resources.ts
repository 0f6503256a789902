/** Resources of an instance or a container, each unit in its name. */
export interface Resources {
  /** CPU, in cores (fractional). */
  cpuCores: number;
  /** Memory, in bytes. */
  ramBytes: number;
  /** Disk, in bytes. */
  diskBytes: number;
}
