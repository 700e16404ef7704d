import {mkdtemp, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {describe, expect, it} from 'vitest'

import {loadConfig} from '../../../src/config/load-config.js'
import {CodexMcpError} from '../../../src/errors.js'
import {mergeConfig, resolveRunOptions} from '../../../src/runner/run-options.js'

const dirWith = async (files: Record<string, string>) => {
  const dir = await mkdtemp(path.join(tmpdir(), 'codex-mcp-config-'))
  for (const [name, content] of Object.entries(files)) await writeFile(path.join(dir, name), content)
  return dir
}

describe('config precedence: flags > config file > defaults; agent settings > both', () => {
  it('uses defaults when nothing is set', () => {
    const options = resolveRunOptions({}, {prompt: 'p'}, {baseCwd: '/repo', baseEnv: {PATH: '/bin'}})
    expect(options).toMatchObject({cwd: '/repo', sandbox: 'danger-full-access', timeoutMs: 1_800_000, reconnectTimeoutMs: 60_000, env: {PATH: '/bin'}})
    expect(options.model).toBeUndefined()
  })

  it('layers file < flags < per-agent settings, merging env key by key', () => {
    const file = {model: 'file-model', sandbox: 'workspace-write', timeoutMs: 1000, env: {A: 'file', B: 'file'}} as const
    const flags = {model: 'flag-model', env: {B: 'flag'}}
    const merged = mergeConfig(file, flags)
    expect(merged).toEqual({model: 'flag-model', sandbox: 'workspace-write', timeoutMs: 1000, env: {A: 'file', B: 'flag'}})
    const options = resolveRunOptions(merged, {prompt: 'p', sandbox: 'read-only', cwd: 'sub'}, {baseCwd: '/repo', baseEnv: {A: 'process', C: 'process'}})
    expect(options).toMatchObject({model: 'flag-model', sandbox: 'read-only', cwd: '/repo/sub', timeoutMs: 1000})
    expect(options.env).toEqual({A: 'file', B: 'flag', C: 'process', CODEX_MCP_TREE: expect.any(String)}) // + the tree marker (src/runner/nesting)
  })

  it('an undefined flag does not erase the file\'s value', () => {
    expect(mergeConfig({model: 'm'}, {model: undefined})).toEqual({model: 'm'})
  })

  it('rejects an empty or oversized prompt before Codex starts', () => {
    expect(() => resolveRunOptions({}, {prompt: '  \n'})).toThrow(/prompt is empty/)
    expect(() => resolveRunOptions({}, {prompt: 'x'.repeat(1_048_577)})).toThrow(/1048577 characters; Codex accepts at most 1048576/)
  })
})

describe('loadConfig', () => {
  it('finds .codex-mcprc.json and resolves relative paths against the file', async () => {
    const dir = await dirWith({'.codex-mcprc.json': JSON.stringify({cwd: 'work', maxConcurrency: 2, codexPath: './bin/codex'})})
    const {config, filepath} = await loadConfig({searchFrom: dir})
    expect(filepath).toBe(path.join(dir, '.codex-mcprc.json'))
    expect(config).toEqual({cwd: path.join(dir, 'work'), maxConcurrency: 2, codexPath: path.join(dir, 'bin/codex')})
  })

  it('reads package.json#codex-mcp and YAML rc files', async () => {
    const pkg = await dirWith({'package.json': JSON.stringify({name: 'x', 'codex-mcp': {model: 'from-pkg'}})})
    expect((await loadConfig({searchFrom: pkg})).config).toEqual({model: 'from-pkg'})
    const yaml = await dirWith({'.codex-mcprc.yaml': 'sandbox: read-only\nenv:\n  FOO: bar\n'})
    expect((await loadConfig({searchFrom: yaml})).config).toEqual({sandbox: 'read-only', env: {FOO: 'bar'}})
  })

  it('names the file, the key and what was expected', async () => {
    const dir = await dirWith({'bad.json': JSON.stringify({maxConcurrency: 0, sandbox: 'yolo', typo: 1, env: {'1BAD': 'x'}})})
    const error = await loadConfig({explicitPath: path.join(dir, 'bad.json')}).catch((e) => e)
    expect(error).toBeInstanceOf(CodexMcpError)
    expect(error.kind).toBe('invalid-config')
    expect(error.message).toContain(path.join(dir, 'bad.json'))
    expect(error.message).toMatch(/maxConcurrency: .*got `0` \(number\)/)
    expect(error.message).toMatch(/sandbox: .*got `"yolo"` \(string\)/)
    expect(error.message).toContain('typo')
    expect(error.message).toContain('env')
  })

  it('says so when --config points nowhere', async () => {
    await expect(loadConfig({explicitPath: '/nonexistent/codex-mcp.json'})).rejects.toThrow(/Config file not found: \/nonexistent\/codex-mcp.json/)
  })
})
