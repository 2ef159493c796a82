import { readFileSync } from 'node:fs';

/**
 * CPU seconds a process has used so far (Linux /proc; utime + stime in clock ticks of 10 ms).
 * Every bench reads its app's CPU per request through this one reading.
 */
export function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}
