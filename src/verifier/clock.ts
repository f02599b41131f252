// Milliseconds since the process started, for the stage timings (`enclave verify --timings`, bench:verify). Not
// performance.now(): its first call loads Node's perf_hooks modules, 2 ms of every run, for a number that
// process.uptime() gives as well (both count from the process start).
export function clock(): number {
  return process.uptime() * 1000;
}
