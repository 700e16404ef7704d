import {describe, expect, it} from 'vitest'

import {reasoningEffortCheck} from '../../../src/doctor/checks/reasoning-effort.js'
import type {ProbeResult} from '../../../src/doctor/probe.js'
import type {CodexBinary} from '../../../src/runner/resolve-codex.js'

const binary: CodexBinary = {file: '/usr/bin/codex', args: [], source: 'path', foundAt: '/usr/bin/codex', native: false, env: {}}
/** Codex 0.47's answer to `-c model_reasoning_effort="codex-mcp-probe" login status`. */
const refuses = 'Error loading configuration: unknown variant `codex-mcp-probe`, expected one of `minimal`, `low`, `medium`, `high`\nin `model_reasoning_effort`'
const ctx = (stderr: string, reasoningEffort?: 'xhigh' | 'high') => ({
  probe: async (): Promise<ProbeResult> => ({exitCode: 1, stdout: '', stderr, timedOut: false}),
  config: reasoningEffort ? {reasoningEffort} : {},
  codexMcpConfig: {filepath: '/w/.codex-mcprc.json', fileConfig: {}},
  version: async () => ({state: 'ok' as const, version: '0.47.0'}),
  binary,
})

describe('the reasoning-effort check', () => {
  it('fails a configured effort this Codex refuses, naming what it accepts and the upgrade', async () => {
    const [result] = await reasoningEffortCheck(ctx(refuses, 'xhigh'))
    expect(result).toMatchObject({
      status: 'fail',
      message: 'Codex 0.47.0 does not accept reasoning effort "xhigh" (reasoningEffort in /w/.codex-mcprc.json); it accepts minimal, low, medium, high: every agent would fail.',
      fix: 'choose one of minimal, low, medium, high, or upgrade Codex: npm install -g @openai/codex@latest',
    })
  })

  it('warns that xhigh from a flag or tool call would fail, also when the configured effort is accepted', async () => {
    expect((await reasoningEffortCheck(ctx(refuses)))[0]).toMatchObject({status: 'warn', message: expect.stringContaining('an agent asked for xhigh')})
    expect((await reasoningEffortCheck(ctx(refuses, 'high')))[0]).toMatchObject({status: 'warn'})
  })

  it('says nothing for a Codex that passes any effort on (0.140 and later) unless one is configured', async () => {
    expect(await reasoningEffortCheck(ctx('Not logged in'))).toEqual([])
    expect((await reasoningEffortCheck(ctx('Not logged in', 'xhigh')))[0]).toMatchObject({status: 'pass'})
  })
})
