// Preloaded into `serve` by bench/memory-trace.ts (node --expose-gc --import this). On SIGUSR2: a full GC, then
// process.memoryUsage(), V8's heap spaces, the young generation's size changes and the GC counts so far, and
// /proc/self/smaps_rollup's anonymous memory, written to $MEMORY_TRACE_FILE. With $MEMORY_TRACE_ALLOC set, the
// first SIGUSR2 starts V8's allocation sampler (garbage included) and each later one writes its profile there
// (a .heapprofile for Chrome DevTools); the sampler's own native memory then shows in RSS.
import {readFileSync, writeFileSync} from 'node:fs'
import {Session} from 'node:inspector'
import {constants, PerformanceObserver} from 'node:perf_hooks'
import v8 from 'node:v8'

const gcs = {minor: 0, major: 0}
/** [minor GCs so far, major GCs so far, new space MB] each time the young generation changes size. */
const newSpace = []
const newSpaceMb = () => v8.getHeapSpaceStatistics().find((space) => space.space_name === 'new_space').space_size / 1048576
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    if (entry.detail.kind === constants.NODE_PERFORMANCE_GC_MINOR) gcs.minor++
    else if (entry.detail.kind === constants.NODE_PERFORMANCE_GC_MAJOR) gcs.major++
  }
  const size = newSpaceMb()
  if (newSpace.at(-1)?.[2] !== size) newSpace.push([gcs.minor, gcs.major, size])
}).observe({entryTypes: ['gc']})

const session = process.env.MEMORY_TRACE_ALLOC ? new Session() : undefined
session?.connect()
let sampling = false

process.on('SIGUSR2', () => {
  globalThis.gc?.()
  globalThis.gc?.()
  const smaps = readFileSync('/proc/self/smaps_rollup', 'utf8')
  const anonKb = Number(/^Anonymous:\s+(\d+) kB/m.exec(smaps)?.[1] ?? 0)
  const spaces = Object.fromEntries(v8.getHeapSpaceStatistics().map((space) => [space.space_name, space.space_size]))
  writeFileSync(process.env.MEMORY_TRACE_FILE, JSON.stringify({usage: process.memoryUsage(), anon: anonKb * 1024, spaces, gcs, newSpace}))
  if (!session) return
  if (!sampling) {
    sampling = true
    session.post('HeapProfiler.startSampling', {samplingInterval: 1024, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true})
  } else {
    session.post('HeapProfiler.getSamplingProfile', (error, result) => {
      if (!error) writeFileSync(process.env.MEMORY_TRACE_ALLOC, JSON.stringify(result.profile))
    })
  }
})
