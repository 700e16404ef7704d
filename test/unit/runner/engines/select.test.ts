import {describe, expect, it} from 'vitest'

import {describeEngineChoice} from '../../../../src/runner/engines/describe-choice.js'
import {DEFAULT_ENGINE, resolveEngineSetting} from '../../../../src/runner/engines/select.js'
import {resolveRunOptions} from '../../../../src/runner/run-options.js'

describe('engine resolution', () => {
  it('is decided once, in resolveRunOptions, and is never undefined: auto by default', () => {
    expect(DEFAULT_ENGINE).toBe('auto')
    expect(resolveRunOptions({}, {prompt: 'hi'}, {baseEnv: {}}).engine).toBe('auto')
    expect(resolveRunOptions({}, {prompt: 'hi'}, {baseEnv: {CODEX_MCP_ENGINE: 'exec'}}).engine).toBe('exec')
    expect(resolveRunOptions({engine: 'app-server'}, {prompt: 'hi'}, {baseEnv: {CODEX_MCP_ENGINE: 'exec'}}).engine).toBe('app-server')
    expect(() => resolveRunOptions({}, {prompt: 'hi'}, {baseEnv: {CODEX_MCP_ENGINE: 'fast'}})).toThrow(expect.objectContaining({kind: 'invalid-config'}))
  })

  it('auto: serve keeps the choice for the Codex; spawn runs exec; parallel runs app-server where it can; ask needs app-server', () => {
    expect(resolveEngineSetting({}, undefined, 'serve')).toBe('auto')
    expect(resolveEngineSetting({}, undefined, 'spawn')).toBe('exec')
    expect(resolveEngineSetting({}, undefined, 'parallel')).toBe('auto')
    expect(resolveEngineSetting({approvals: 'ask'}, undefined, 'spawn')).toBe('auto')
    expect(resolveEngineSetting({engine: 'app-server'}, undefined, 'spawn')).toBe('app-server')
    expect(resolveRunOptions({}, {prompt: 'hi'}, {baseEnv: {}, purpose: 'spawn'}).engine).toBe('exec')
  })

  it('hosts need app-server: auto is app-server for every command with hosts; exec stays exec (refused where agents start)', () => {
    const hosts = [{name: 'local'}]
    for (const purpose of ['serve', 'spawn', 'parallel'] as const) expect(resolveEngineSetting({hosts}, undefined, purpose)).toBe('app-server')
    expect(resolveEngineSetting({hosts, engine: 'exec'}, undefined, 'spawn')).toBe('exec')
    expect(resolveRunOptions({hosts}, {prompt: 'hi'}, {baseEnv: {}, purpose: 'spawn'}).engine).toBe('app-server')
    expect(describeEngineChoice('0.169.0', {hosts, purpose: 'spawn'})).toEqual({engine: 'app-server', reason: 'Codex 0.169.0 speaks the app-server protocol; hosts need it'})
    expect(describeEngineChoice('0.168.0', {hosts})).toMatchObject({problem: expect.stringContaining('hosts need the app-server engine')})
    expect(describeEngineChoice('0.169.0', {hosts, profile: 'fast'})).toMatchObject({problem: expect.stringContaining('profile')})
    expect(describeEngineChoice('0.169.0', {hosts, engine: 'exec'})).toMatchObject({engine: 'exec', problem: expect.stringContaining('"exec"')})
  })

  it('says which engine runs and why, by the Codex version', () => {
    expect(describeEngineChoice('0.169.0')).toEqual({engine: 'app-server', reason: 'Codex 0.169.0 speaks the app-server protocol'})
    expect(describeEngineChoice('0.171.0').engine).toBe('app-server')
    expect(describeEngineChoice('0.172.0')).toMatchObject({engine: 'app-server', reason: expect.stringContaining('newer than the newest tested')})
    expect(describeEngineChoice('0.168.0')).toMatchObject({engine: 'exec', reason: expect.stringContaining('older than')})
    expect(describeEngineChoice(undefined)).toMatchObject({engine: 'exec'})
    expect(describeEngineChoice('0.169.0', {engine: 'exec'})).toEqual({engine: 'exec', reason: 'engine set to exec'})
    expect(describeEngineChoice('0.169.0', {purpose: 'spawn'})).toMatchObject({engine: 'exec', reason: expect.stringContaining('one-shot')})
    expect(describeEngineChoice('0.169.0', {profile: 'fast'})).toMatchObject({engine: 'exec', reason: expect.stringContaining('profile')})
    expect(describeEngineChoice('0.168.0', {engine: 'app-server'})).toMatchObject({problem: expect.stringContaining('older than')})
    expect(describeEngineChoice('0.168.0', {approvals: 'ask'})).toMatchObject({problem: expect.stringContaining('approvals "ask"')})
  })
})
