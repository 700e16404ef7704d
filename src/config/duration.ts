import * as z from 'zod'

/** setTimeout holds at most 2^31 − 1 ms (about 24.8 days); a longer delay fires at once. */
export const MAX_TIMER_MS = 2 ** 31 - 1

const units = {ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000} as const
const DURATION = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$/i

const describeMax = (max: number) => (max === MAX_TIMER_MS ? `${max} ms (about 24.8 days, the longest a timer can wait)` : `${max} ms`)

/** Milliseconds, or what was expected instead (without the value: callers add it in their own words). */
function toMs(input: string | number, max: number): {ms: number} | {expected: string} {
  const syntax = 'Expected a duration such as 90s, 10m, 1h or milliseconds'
  let ms: number
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) return {expected: syntax}
    ms = Math.round(input)
  } else {
    const match = DURATION.exec(input)
    if (!match) return {expected: syntax}
    ms = Math.round(Number(match[1]) * units[(match[2] ?? 'ms').toLowerCase() as keyof typeof units])
  }
  if (ms <= 0) return {expected: 'Expected a positive duration'}
  if (ms > max) return {expected: `Expected a duration of at most ${describeMax(max)}`}
  return {ms}
}

/**
 * "90s", "10m", "1h", "2d", "1500ms", "600000" (a numeric string) or a number of milliseconds → milliseconds.
 * The one duration syntax of CLI flags, the config file, MCP arguments and tasks files. Throws a message
 * that says what was expected.
 */
export function parseDuration(input: string | number, max = MAX_TIMER_MS): number {
  const parsed = toMs(input, max)
  if ('expected' in parsed) throw new Error(`${parsed.expected}, got ${JSON.stringify(input)}`)
  return parsed.ms
}

/** A duration field: a number of milliseconds or a string such as "10m"; parsed to milliseconds. */
export function durationSchema(max = MAX_TIMER_MS) {
  // Described members keep the JSON Schema an anyOf (a bare type array upsets strict validators).
  return z.union([z.number().describe('milliseconds'), z.string().describe('a duration such as "90s", "10m", "1h"')]).transform((input, ctx) => {
    const parsed = toMs(input, max)
    if ('ms' in parsed) return parsed.ms
    ctx.addIssue({code: 'custom', message: parsed.expected, input})
    return z.NEVER
  })
}

/**
 * setTimeout that also waits longer than a timer can hold, in chained steps (never firing at once).
 * Returns a function that cancels it.
 */
export function longTimeout(callback: () => void, ms: number): () => void {
  let timer: NodeJS.Timeout
  const due = Date.now() + ms
  const arm = () => {
    const left = due - Date.now()
    timer = left > MAX_TIMER_MS ? setTimeout(arm, MAX_TIMER_MS) : setTimeout(callback, Math.max(0, left))
  }
  arm()
  return () => clearTimeout(timer)
}

/** The promise's value, or undefined once `ms` have passed first (the promise itself runs on). */
export function within<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined
  return Promise.race([promise, new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), ms)))]).finally(() => clearTimeout(timer))
}
