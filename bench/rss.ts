import {readFileSync} from 'node:fs'

/** A /proc/<pid>/status field in MB: VmRSS (resident now) or VmHWM (peak resident since start). */
export function statusMb(pid: number, field: 'VmRSS' | 'VmHWM' = 'VmRSS'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)
  if (!match) throw new Error(`No ${field} in /proc/${pid}/status`)
  return Number(match[1]) / 1024
}

/** Samples a process's VmRSS every `everyMs` until stopped; the highest value seen. */
export function sampleRss(pid: number, everyMs = 20): {stop(): number} {
  let peak = statusMb(pid)
  const timer = setInterval(() => {
    try {
      peak = Math.max(peak, statusMb(pid))
    } catch {}
  }, everyMs)
  return {
    stop() {
      clearInterval(timer)
      return peak
    },
  }
}
