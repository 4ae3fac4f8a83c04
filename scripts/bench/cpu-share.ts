// Where a bench level's CPU went, from /proc: the API process, the Postgres backends of the bench database, the load generator, the whole machine.
import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';

const TICKS_PER_SECOND = 100;

/** utime + stime of one process in seconds; 0 when it is gone or /proc is not there. */
function processSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may hold spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

/** The backends serving one database: their command line names it (`postgres: user db host(port) state`). */
function backendSeconds(database: string): number {
  let total = 0;
  let pids: string[] = [];
  try {
    pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return 0;
  }
  for (const pid of pids) {
    let cmdline = '';
    try {
      cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    } catch {
      continue;
    }
    if (cmdline.startsWith('postgres: ') && cmdline.split(' ').includes(database))
      total += processSeconds(Number(pid));
  }
  return total;
}

/** Busy and total CPU seconds of the whole machine (all cores), from /proc/stat. */
function machineSeconds(): { busy: number; total: number } {
  try {
    const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    const total = cpu.reduce((a, b) => a + b, 0);
    const idle = (cpu[3] ?? 0) + (cpu[4] ?? 0);
    return { busy: (total - idle) / TICKS_PER_SECOND, total: total / TICKS_PER_SECOND };
  } catch {
    return { busy: Number.NaN, total: Number.NaN };
  }
}

export interface CpuShare {
  /** Cores used on average over the level: 1.0 is one core busy the whole time. */
  apiCores: number;
  postgresCores: number | null;
  loadGeneratorCores: number;
  /** All processes on the machine, other sessions' work included, and how many cores it has. */
  machineCores: number;
  cores: number;
}

/** Starts counting; the returned function gives the shares since then. */
export function startCpuShare(apiPid: number, database: string | null): () => CpuShare {
  const wall = performance.now();
  const api = processSeconds(apiPid);
  const pg = database ? backendSeconds(database) : 0;
  const self = process.cpuUsage();
  const machine = machineSeconds();
  return () => {
    const seconds = (performance.now() - wall) / 1000;
    const used = process.cpuUsage(self);
    const after = machineSeconds();
    const cores = os.availableParallelism();
    const round = (n: number) => Number(n.toFixed(2));
    return {
      apiCores: round((processSeconds(apiPid) - api) / seconds),
      postgresCores: database ? round((backendSeconds(database) - pg) / seconds) : null,
      loadGeneratorCores: round((used.user + used.system) / 1e6 / seconds),
      machineCores: round(((after.busy - machine.busy) / (after.total - machine.total)) * cores),
      cores,
    };
  };
}
