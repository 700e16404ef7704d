// Preloaded into a server process by the memory section (node --expose-gc --import this): on SIGUSR2 it runs
// a full garbage collection and writes process.memoryUsage() to $BENCH_GC_PROBE_FILE. Retained memory then
// shows apart from garbage V8 has not collected yet, which plain RSS cannot tell.
import {writeFileSync} from 'node:fs'

process.on('SIGUSR2', () => {
  globalThis.gc?.()
  globalThis.gc?.()
  writeFileSync(process.env.BENCH_GC_PROBE_FILE, JSON.stringify(process.memoryUsage()))
})
