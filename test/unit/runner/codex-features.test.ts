import {readFileSync} from 'node:fs'
import path from 'node:path'
import {describe, expect, it} from 'vitest'

import {featuresFromHelp, refusedConfigValue, subcommandsFromHelp} from '../../../src/runner/codex-features.js'
import {configRefusal} from '../../../src/runner/config-refusal.js'
import {repoRoot} from '../../support/cli.js'

/** `codex --help` and `codex exec --help` as each release printed them. */
const help = (version: string) => {
  const read = (name: string) => readFileSync(path.join(repoRoot, 'test/fixtures/codex-help', name), 'utf8')
  return featuresFromHelp(read(`${version}.txt`), read(`${version}-exec.txt`))
}

describe('Codex features from its own help', () => {
  it.each([
    ['0.47.0', {profileForm: 'table', hasDoctor: false}],
    ['0.100.0', {profileForm: 'table', hasDoctor: false}],
    ['0.140.0', {profileForm: 'file', hasDoctor: true}],
    ['0.169.0', {profileForm: 'file', hasDoctor: true}],
  ])('Codex %s', (version, features) => {
    expect(help(version)).toEqual(features)
  })

  it('knows nothing from an empty or foreign help text', () => {
    expect(featuresFromHelp('', '')).toEqual({hasDoctor: false})
    expect(subcommandsFromHelp('Usage: x\n\nCommands:\n  doctorish  no\n  run   go\n\nOptions:\n  doctor  not a command\n')).toEqual(['doctorish', 'run'])
  })
})

describe('config values Codex refuses', () => {
  const xhigh = 'Error loading configuration: unknown variant `xhigh`, expected one of `minimal`, `low`, `medium`, `high`\nin `model_reasoning_effort`\n'

  it('reads the key, the value and what Codex accepts instead', () => {
    expect(refusedConfigValue(xhigh)).toEqual({key: 'model_reasoning_effort', value: 'xhigh', accepted: ['minimal', 'low', 'medium', 'high']})
    expect(refusedConfigValue('Not logged in')).toBeUndefined()
  })

  it('turns each refusal into an invalid-config error with a fix', () => {
    expect(configRefusal(xhigh, {})).toMatchObject({
      kind: 'invalid-config',
      shortMessage: 'This Codex does not accept model_reasoning_effort "xhigh"; it accepts minimal, low, medium, high.',
      fix: expect.stringContaining('npm install -g @openai/codex@latest'),
    })
    expect(configRefusal('Error: config profile `p1` not found\n\nStack backtrace:\n', {})).toMatchObject({
      kind: 'invalid-config',
      shortMessage: expect.stringContaining('[profiles.p1] table'),
      fix: expect.stringContaining('add a [profiles.p1] table to config.toml'),
    })
    const legacy =
      'Error loading config.toml: --profile `p1` cannot be used while /h/config.toml contains legacy `profile = "p1"` or `[profiles.p1]` config; move those settings into /h/p1.config.toml and remove the legacy profile selector/table. See https://x for more information.'
    expect(configRefusal(legacy, {})).toMatchObject({kind: 'invalid-config', fix: 'move the settings of [profiles.p1] into /h/p1.config.toml and delete the table and any `profile = "p1"` line from /h/config.toml'})
    expect(configRefusal('something else', {})).toBeUndefined()
  })
})
