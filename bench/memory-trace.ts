/**
 * Where `serve`'s memory goes over many sequential `spawn_agent` calls (a diagnosis tool, not part of
 * `npm run bench`): after each `--every` calls, a full GC in the server, then RSS before and after it, anonymous
 * memory, the V8 heap (used, total, young generation), external/arrayBuffers and the GC counts.
 *
 *   npx tsx bench/memory-trace.ts [--engine app-server|exec] [--calls 200] [--every 50] [--warmup 10]
 *     [--node "--max-semi-space-size=2"] [--idle 30] [--alloc file.heapprofile]
 *
 * `--node`: flags for serve's Node; `--idle`: seconds to sit idle at the end (RSS every 5 s, then a last GC);
 * `--alloc`: V8's allocation sampler from the first probe on (garbage included), written as a .heapprofile
 * (load it in Chrome DevTools), with the allocations per call by function printed at the end.
 * Run `npm run build` first (serve runs dist/).
 */
import {readFileSync} from 'node:fs'
import path from 'node:path'
import {parseArgs} from 'node:util'

import {connect, timedCall} from './clients.js'
import {statusMb} from './rss.js'
import {binRun, createRig, repoRoot} from './setup.js'

const {values} = parseArgs({
  options: {
    engine: {type: 'string', default: 'app-server'},
    calls: {type: 'string', default: '200'},
    every: {type: 'string', default: '50'},
    warmup: {type: 'string', default: '10'},
    node: {type: 'string', default: ''},
    idle: {type: 'string', default: '0'},
    alloc: {type: 'string'},
  },
})
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const mb = (bytes: number) => (bytes / 1048576).toFixed(1)

const rig = await createRig()
const traceFile = path.join(rig.home.dir, 'memory-trace.json')
const serve = await connect({
  label: 'serve',
  command: process.execPath,
  args: ['--expose-gc', ...values.node.split(' ').filter(Boolean), '--import', path.join(repoRoot, 'bench/memory-trace-probe.mjs'), binRun, 'serve', '--engine', values.engine, ...rig.serveArgs],
  env: {...rig.cliEnv, MEMORY_TRACE_FILE: traceFile, ...(values.alloc ? {MEMORY_TRACE_ALLOC: path.resolve(values.alloc)} : {})},
  cwd: rig.work,
})

async function probe(label: string): Promise<void> {
  const rss = statusMb(serve.pid)
  process.kill(serve.pid, 'SIGUSR2')
  await sleep(400)
  const trace = JSON.parse(readFileSync(traceFile, 'utf8'))
  const {usage, spaces} = trace
  console.log(
    `${values.engine} ${label}: RSS ${rss.toFixed(1)} MB, after GC ${mb(usage.rss)} (anon ${mb(trace.anon)}) · heap used ${mb(usage.heapUsed)} total ${mb(usage.heapTotal)} ` +
      `(new ${mb(spaces.new_space)} old ${mb(spaces.old_space)}) · external ${mb(usage.external)} arrayBuffers ${mb(usage.arrayBuffers)} · ` +
      `GCs ${trace.gcs.minor} minor ${trace.gcs.major} major · new space [minor, major, MB] ${JSON.stringify(trace.newSpace)}`,
  )
}

try {
  let n = 0
  const call = () => timedCall(serve.client, 'spawn_agent', {prompt: `[[reply:ok]] sequential call ${n++}`, cwd: rig.work}, {expectText: 'ok'})
  for (let i = 0; i < Number(values.warmup); i++) await call()
  await probe('after warm-up')
  for (let i = 1; i <= Number(values.calls); i++) {
    await call()
    if (i % Number(values.every) === 0 || i === Number(values.calls)) await probe(`${i} calls`)
  }
  for (let s = 5; s <= Number(values.idle); s += 5) {
    await sleep(5000)
    console.log(`idle ${s} s: RSS ${statusMb(serve.pid).toFixed(1)} MB`)
  }
  if (Number(values.idle) > 0) await probe('after idle')
  if (values.alloc) allocationsPerCall(values.alloc, Number(values.calls))
} finally {
  await serve.close()
  await rig.cleanup()
}

interface ProfileNode {
  callFrame: {functionName: string; url: string; lineNumber: number}
  selfSize: number
  children: ProfileNode[]
}

/** The sampled allocations (KB per call), by function including callees: the top 30. */
function allocationsPerCall(file: string, calls: number): void {
  const inclusive = new Map<string, number>()
  const walk = (node: ProfileNode, stack: string[]) => {
    const key = `${node.callFrame.functionName || '(anonymous)'} ${path.basename(node.callFrame.url)}:${node.callFrame.lineNumber + 1}`
    const here = [...stack, key]
    for (const frame of new Set(here)) inclusive.set(frame, (inclusive.get(frame) ?? 0) + node.selfSize)
    for (const child of node.children) walk(child, here)
  }
  walk(JSON.parse(readFileSync(file, 'utf8')).head, [])
  console.log('allocated KB per call, by function (callees included):')
  for (const [frame, bytes] of [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log(`${(bytes / 1024 / calls).toFixed(1).padStart(8)}  ${frame}`)
}
