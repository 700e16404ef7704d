import {Parser} from '@oclif/core'
import {mkdtemp, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {describe, expect, it} from 'vitest'
import * as z from 'zod'

import {parseServeArgv} from '../../../src/cli/fast-serve.js'
import {agentFlags, settingFlagsFor, settingsFlags} from '../../../src/cli/flags.js'
import {configSchema} from '../../../src/config/schema.js'
import {defaults, type FlagSpec, flagSpecsFor, type SettingRow, settingRows, settingsFromFlags} from '../../../src/config/settings-table.js'
import Parallel from '../../../src/commands/parallel.js'
import Serve from '../../../src/commands/serve.js'
import Spawn from '../../../src/commands/spawn.js'

const rows = Object.entries(settingRows) as Array<[string, SettingRow]>
const allSpecs = rows.flatMap(([, setting]) => setting.flags ?? [])

/** A value each flag kind takes, as text and as oclif parses it. */
const sample = (spec: FlagSpec): string => ({string: 'x', directory: '/tmp', option: spec.options?.[0] ?? '', integer: String(spec.min ?? 1), duration: '10s'})[spec.kind]

/** How help texts write a default: 1800000, "30 min", "30m", "15s", "7 days", "8 MiB", true, "auto". */
function spellings(value: unknown): string[] {
  if (typeof value !== 'number') return [String(value)]
  const forms = [String(value)]
  if (value % 1000 === 0) forms.push(`${value / 1000}s`)
  if (value % 60_000 === 0) forms.push(`${value / 60_000} min`, `${value / 60_000}m`)
  if (value % 86_400_000 === 0) forms.push(`${value / 86_400_000} days`)
  if (value % (1024 * 1024) === 0) forms.push(`${value / (1024 * 1024)} MiB`)
  return forms
}

describe('the settings table (src/config/settings-table.ts)', () => {
  it('is the config schema: one row per key, nothing else', () => {
    expect(Object.keys(configSchema.shape)).toEqual(rows.map(([key]) => key))
    for (const [key, setting] of rows) expect(setting.readme, key).not.toBe('')
  })

  it('holds each setting\'s default: `defaults` is the rows\' values, each one its schema takes, each one its help text names', () => {
    expect(defaults).toEqual(Object.fromEntries(rows.filter(([, setting]) => setting.default !== undefined).map(([key, setting]) => [key, setting.default])))
    expect(Object.keys(defaults).length).toBeGreaterThan(10)
    for (const [key, value] of Object.entries(defaults)) {
      const setting = settingRows[key as keyof typeof settingRows] as SettingRow
      expect(setting.schema.safeParse(value).success, key).toBe(true)
      // What the model, --help and the README say of the default is written beside it: the same value, as written.
      const texts = [setting.schema.description ?? '', ...(setting.flags ?? []).map((flag) => flag.description), setting.defaultText ?? ''].join(' ')
      expect(spellings(value).some((spelling) => texts.includes(spelling)), `${key}: ${texts}`).toBe(true)
    }
  })

  it('names every flag once, and an option flag takes exactly its setting\'s values', () => {
    const names = allSpecs.map((spec) => spec.name)
    expect(new Set(names).size).toBe(names.length)
    for (const [key, setting] of rows) {
      for (const spec of setting.flags ?? []) {
        if (spec.kind !== 'option') continue
        const values = (setting.schema as z.ZodOptional<z.ZodEnum>).unwrap().options
        expect(spec.options, `${key} --${spec.name}`).toEqual(values)
      }
    }
  })

  it('gives each command the flags of its scope', () => {
    expect(Object.keys(settingsFlags)).toEqual(flagSpecsFor('all').map((spec) => spec.name))
    expect(Object.keys(agentFlags)).toEqual(flagSpecsFor('agents').map((spec) => spec.name))
    expect(Object.keys(settingFlagsFor('serve'))).toEqual(Object.keys(Serve.flags))
    for (const spec of flagSpecsFor('parallel')) expect(Object.keys(Parallel.flags)).toContain(spec.name)
    for (const spec of flagSpecsFor('agents')) expect(Object.keys(Spawn.flags)).toContain(spec.name)
    expect(Object.keys(Spawn.flags)).not.toContain('max-concurrency')
  })

  it.each(flagSpecsFor('serve').map((spec) => [spec.name, spec] as const))('serve\'s fast parser reads --%s as oclif does', async (_name, spec) => {
    const argv = [`--${spec.name}`, sample(spec)]
    const fromOclif = (await Parser.parse(argv, {flags: Serve.flags, args: {}, strict: true})).flags
    const defined = (flags: object) => Object.fromEntries(Object.entries(flags).filter(([, value]) => value !== undefined))
    expect(parseServeArgv(argv)).toEqual(defined(fromOclif))
  })

  it('maps flag values to settings', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'codex-mcp-settings-'))
    try {
      const envFile = path.join(dir, 'env')
      await writeFile(envFile, 'A=from-file\nB=file\n')
      expect(
        settingsFromFlags({
          cd: '../api',
          'max-concurrency': 3,
          heartbeat: 10_000,
          timeout: 60_000,
          'allowed-root': ['rel'],
          env: ['A=flag'],
          'env-file': envFile,
          'reasoning-effort': 'high',
          'sandbox-ceiling': 'read-only',
        }),
      ).toEqual({
        cwd: '../api',
        maxConcurrency: 3,
        heartbeatMs: 10_000,
        timeoutMs: 60_000,
        allowedRoots: [path.resolve('rel')],
        env: {A: 'flag', B: 'file'},
        reasoningEffort: 'high',
        sandboxCeiling: 'read-only',
      })
      expect(settingsFromFlags({concurrency: 5})).toEqual({maxConcurrency: 5})
      expect(settingsFromFlags({config: 'x.json', json: true})).toEqual({})
    } finally {
      await rm(dir, {recursive: true, force: true})
    }
  })
})
