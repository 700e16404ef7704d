import {describe, expect, it} from 'vitest'

import {durationSchema, longTimeout, MAX_TIMER_MS, parseDuration, within} from '../../../src/config/duration.js'
import {countChars, promptSchema} from '../../../src/config/schema.js'

describe('one duration syntax', () => {
  it.each([['90s', 90_000], ['10m', 600_000], ['1h', 3_600_000], ['2d', 172_800_000], ['1500', 1500], [1500, 1500], ['1500ms', 1500]] as const)('%s → %d ms', (input, ms) => {
    expect(parseDuration(input)).toBe(ms)
    expect(durationSchema().parse(input)).toBe(ms)
  })

  it('refuses what a timer cannot hold, saying the limit', () => {
    expect(() => parseDuration(2 ** 31)).toThrow('Expected a duration of at most 2147483647 ms (about 24.8 days, the longest a timer can wait), got 2147483648')
    expect(() => parseDuration('600h')).toThrow(/at most 2147483647 ms/)
    expect(durationSchema().safeParse('25d').success).toBe(false)
    expect(parseDuration(String(MAX_TIMER_MS))).toBe(MAX_TIMER_MS)
  })

  it('a larger bound where no timer is involved', () => {
    expect(durationSchema(Number.MAX_SAFE_INTEGER).parse('30d')).toBe(30 * 86_400_000)
  })

  it('longTimeout never fires early for a delay beyond a timer', () => {
    let fired = false
    const cancel = longTimeout(() => (fired = true), MAX_TIMER_MS * 2)
    return new Promise<void>((resolve) =>
      setImmediate(() => {
        expect(fired).toBe(false)
        cancel()
        resolve()
      }),
    )
  })
})

describe('prompt length in characters, as Codex counts', () => {
  it('an emoji is one character', () => {
    expect(countChars('😀😀a')).toBe(3)
    expect(promptSchema.safeParse('😀'.repeat(600_000)).success).toBe(true)
    expect(promptSchema.safeParse('a'.repeat(1_048_577)).success).toBe(false)
  })
})

describe('within', () => {
  it('gives the value of a promise that settles first, undefined for one that never does', async () => {
    expect(await within(Promise.resolve(7), 10_000)).toBe(7)
    expect(await within(new Promise<number>(() => {}), 1)).toBeUndefined()
  })
})
