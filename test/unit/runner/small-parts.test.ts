import {describe, expect, it} from 'vitest'

import {parseDuration} from '../../../src/cli/duration.js'
import {parseEnvPairs, mergeEnv} from '../../../src/runner/env.js'
import {buildExecArgs} from '../../../src/runner/exec-args.js'
import {resolveRunOptions} from '../../../src/runner/run-options.js'
import {Limiter} from '../../../src/parallel/limiter.js'

describe('parseEnvPairs / mergeEnv', () => {
  it('parses KEY=VALUE, values may contain =', () => {
    expect(parseEnvPairs(['A=1', 'B=x=y', 'C='])).toEqual({A: '1', B: 'x=y', C: ''})
  })
  it('rejects a pair without = or with a bad name, without echoing the value', () => {
    expect(() => parseEnvPairs(['NOPE'])).toThrow(/Invalid --env value `NOPE` \(no "="\): expected KEY=VALUE/)
    const error = (() => {
      try {
        parseEnvPairs(['1X=secret-value'])
      } catch (e) {
        return e as Error
      }
    })()!
    expect(error.message).toContain('not a valid variable name')
    expect(error.message).not.toContain('secret-value')
  })
  it('later layers win', () => {
    expect(mergeEnv({A: '1', B: '1'}, {B: '2'}, {C: '3'}, undefined)).toEqual({A: '1', B: '2', C: '3'})
  })
})

describe('parseDuration', () => {
  it.each([['1500', 1500], ['1500ms', 1500], ['90s', 90_000], ['10m', 600_000], ['1h', 3_600_000], ['0.5s', 500]])('%s → %d ms', (input, ms) => {
    expect(parseDuration(input)).toBe(ms)
  })
  it('rejects garbage and zero', () => {
    expect(() => parseDuration('soon')).toThrow(/Expected a duration/)
    expect(() => parseDuration('0s')).toThrow(/positive/)
  })
})

describe('buildExecArgs', () => {
  const base = resolveRunOptions({}, {prompt: '--version'}, {baseCwd: '/repo', baseEnv: {}})
  it('never puts the prompt on argv; reads it from stdin', () => {
    const args = buildExecArgs(base)
    expect(args).toEqual(['exec', '--json', '--cd=/repo', '--skip-git-repo-check', '--dangerously-bypass-approvals-and-sandbox', '--', '-'])
    expect(args).not.toContain('--version')
  })
  it('maps sandbox, model, profile, effort, overrides and resume', () => {
    const args = buildExecArgs({
      ...base,
      sandbox: 'read-only',
      model: 'm',
      profile: 'p',
      reasoningEffort: 'high',
      configOverrides: {'sandbox_workspace_write.network_access': true, model_verbosity: 'low'},
      resumeThreadId: '019a2b3c-4d5e-7f60-8a9b-0c1d2e3f4a5b',
    })
    expect(args).toEqual([
      'exec', '--json', '--cd=/repo', '--skip-git-repo-check', '--sandbox=read-only', '--model=m', '--profile=p',
      '--config=model_reasoning_effort="high"', '--config=sandbox_workspace_write.network_access=true', '--config=model_verbosity="low"',
      'resume', '--', '019a2b3c-4d5e-7f60-8a9b-0c1d2e3f4a5b', '-',
    ])
  })
})

describe('Limiter', () => {
  it('runs at most `limit` tasks at once, in FIFO order', async () => {
    const limiter = new Limiter(2)
    let active = 0
    let peak = 0
    const order: number[] = []
    await Promise.all(
      [0, 1, 2, 3, 4].map((i) =>
        limiter.run(async () => {
          active++
          peak = Math.max(peak, active)
          order.push(i)
          await new Promise((resolve) => setTimeout(resolve, 10))
          active--
        }),
      ),
    )
    expect(peak).toBe(2)
    expect(order).toEqual([0, 1, 2, 3, 4])
  })
  it('a queued task whose signal aborts never starts', async () => {
    const limiter = new Limiter(1)
    let release!: () => void
    const first = limiter.run(() => new Promise<void>((resolve) => (release = resolve)))
    const controller = new AbortController()
    let started = false
    const second = limiter.run(async () => {
      started = true
    }, controller.signal)
    controller.abort()
    await expect(second).rejects.toMatchObject({kind: 'cancelled'})
    release()
    await first
    expect(started).toBe(false)
    expect(limiter.running).toBe(0)
  })
})
