/**
 * Parallel scaling: N agents whose stub reply takes 1 s, through `spawn_agents_parallel` on a warm
 * `serve --max-concurrency 16`, beside N raw `codex exec` started at once by the bench's warm launcher (the
 * floor: on a small machine the CPU, not the scheduler, bounds it). The server's RSS is sampled during the batches.
 */
import {connectServe} from '../test/support/mcp-client.js'
import {timedCall} from './clients.js'
import {type Rig, settle, startLauncher} from './setup.js'
import {sampleRss, statusMb} from './rss.js'
import {median} from './stats.js'

export interface ScalingPoint {
  agents: number
  raw: number[]
  serve: number[]
  rawMedian: number
  serveMedian: number
  ratio: number
}

export interface ParallelResult {
  replyMs: number
  reps: number
  points: ScalingPoint[]
  /** The serve process's highest VmRSS sampled during the largest batch, and its VmHWM afterwards (MB). */
  peakRssMb: number
  hwmMb: number
}

export async function measureParallel(
  rig: Rig,
  options: {sizes: number[]; reps: number; replyMs: number; warmup?: boolean; log: (line: string) => void},
): Promise<ParallelResult> {
  const serve = await connectServe([...rig.serveArgs, '--max-concurrency', '16'], rig.cliEnv)
  const launcher = startLauncher(rig)
  const largest = Math.max(...options.sizes)
  let peakRssMb = 0
  try {
    const prompt = (i: number) => `[[slow:${options.replyMs}]][[reply:ok ${i}]] parallel agent ${i}`
    const batch = async (n: number) => {
      await settle(rig, [serve.pid])
      const agents = Array.from({length: n}, (_, i) => ({prompt: prompt(i), cwd: rig.work}))
      const sampler = n === largest ? sampleRss(serve.pid) : undefined
      try {
        return await timedCall(serve.client, 'spawn_agents_parallel', {agents}, {
          check: (result) => (result.structuredContent as {summary?: {succeeded?: number}})?.summary?.succeeded === n,
        })
      } finally {
        if (sampler) peakRssMb = Math.max(peakRssMb, sampler.stop())
      }
    }
    const raw = async (n: number) => {
      await settle(rig, [serve.pid])
      return launcher.raw(Array.from({length: n}, (_, i) => prompt(i)))
    }
    if (options.warmup ?? true) await batch(1) // warm: the first call loads what the server imports lazily (not in a smoke run)
    const points = new Map(options.sizes.map((agents) => [agents, {agents, raw: [] as number[], serve: [] as number[]}]))
    for (let rep = 0; rep < options.reps; rep++) {
      for (const n of options.sizes) {
        const point = points.get(n)!
        // Alternate which goes first, so neither always runs on a machine still busy with the other.
        if (rep % 2 === 0) {
          point.raw.push(await raw(n))
          point.serve.push(await batch(n))
        } else {
          point.serve.push(await batch(n))
          point.raw.push(await raw(n))
        }
        options.log(`  parallel: ${n} agents, rep ${rep + 1}/${options.reps}: raw ${Math.round(point.raw.at(-1)!)} ms, serve ${Math.round(point.serve.at(-1)!)} ms`)
      }
    }
    const hwmMb = statusMb(serve.pid, 'VmHWM')
    return {
      replyMs: options.replyMs,
      reps: options.reps,
      points: [...points.values()].map((p) => ({...p, rawMedian: median(p.raw), serveMedian: median(p.serve), ratio: median(p.serve) / median(p.raw)})),
      peakRssMb,
      hwmMb,
    }
  } finally {
    launcher.close()
    await serve.close()
  }
}
