import {mkdtemp, writeFile} from 'node:fs/promises'
import path from 'node:path'
import {describe, expect, it} from 'vitest'

import {runCli} from '../support/cli.js'
import {useStubRig} from '../support/stub-rig.js'
import {startStubProvider} from '../support/stub-provider.js'
import {createCodexHome, STUB_ENV_KEY} from '../support/codex-home.js'
import {treePids, treeScript, treeStarted} from '../support/agent-tree.js'
import {isAlive, processesWithEnv, waitFor} from '../support/processes.js'
import {itOnce} from '../support/engine.js'

const rig = useStubRig('work')

const spawn = (args: string[], extra: Parameters<typeof runCli>[1] = {}) =>
  runCli(['spawn', ...args], {...extra, env: {...rig.home.env, ...extra.env}})

describe('codex-mcp spawn (real Codex, stub provider)', () => {
  it('prints the final message on stdout and progress on stderr', async () => {
    const result = await spawn(['hello from spawn'])
    expect(result.exitCode).toBe(0)
    expect(result.stdout).toBe('echo: hello from spawn')
    expect(result.stderr).toContain('agent message: echo: hello from spawn')
    expect(result.stderr).not.toMatch(/\u001B\[/) // not a TTY: no ANSI
  })

  it('--json gives the structured result', async () => {
    const result = await spawn(['--json', '[[reply:structured]]'])
    expect(result.exitCode).toBe(0)
    const json = JSON.parse(String(result.stdout))
    expect(json).toMatchObject({status: 'succeeded', output: 'structured', exitCode: 0, usage: {inputTokens: 100, outputTokens: 10, totalTokens: 110}})
    expect(json.threadId).toMatch(/^[0-9a-f-]{36}$/)
    expect(json.durationMs).toBeGreaterThan(0)
  })

  it.each([
    ['a prompt that looks like a flag', '--version'],
    ['quotes, $(id), backticks and newlines', `say "hi" 'there' $(id) \`uname\` \\n\nsecond line\n\tthird $HOME`],
  ])('passes %s to the model byte for byte', async (_, prompt) => {
    const marker = `[[reply:ok]] ${Math.random()}`
    const result = await spawn(['--', `${prompt}${marker}`])
    expect(result.exitCode).toBe(0)
    expect(rig.stub.requestsFor(marker).map((r) => r.prompt)).toEqual([`${prompt}${marker}`])
  })

  it('passes a 1 MB prompt from --prompt-file and from stdin byte for byte', async () => {
    const prompt = `[[reply:big]] ${'x'.repeat(999_000)}\nend ${Math.random()}\n`
    const file = path.join(rig.work, 'big.md')
    await writeFile(file, prompt)
    const fromFile = await spawn(['--prompt-file', file])
    expect(fromFile.exitCode).toBe(0)
    expect(fromFile.stdout).toBe('big')
    const fromStdin = await spawn(['-'], {input: prompt})
    expect(fromStdin.exitCode).toBe(0)
    const seen = rig.stub.requestsFor('end ').filter((r) => r.prompt === prompt)
    expect(seen).toHaveLength(2)
  })

  itOnce('refuses a prompt over Codex\'s limit before starting Codex', async () => {
    const result = await spawn(['-'], {input: 'y'.repeat(1_048_577)})
    expect(result.exitCode).toBe(2)
    expect(result.stderr).toContain('1048577 characters; Codex accepts at most 1048576')
  })

  it('names the missing env_key variable and how to pass it', async () => {
    const result = await spawn(['--json', 'hello'], {env: {[STUB_ENV_KEY]: undefined}})
    expect(result.exitCode).toBe(1)
    const json = JSON.parse(String(result.stdout))
    expect(json.error.kind).toBe('missing-env-key')
    expect(json.error.message).toContain(STUB_ENV_KEY)
    expect(json.error.fix).toContain(`--env ${STUB_ENV_KEY}=`)
  })

  it('--env gives Codex the provider credential', async () => {
    const result = await spawn(['--env', `${STUB_ENV_KEY}=from-flag`, '[[reply:env ok]]'], {env: {[STUB_ENV_KEY]: undefined}})
    expect(result.exitCode).toBe(0)
    expect(rig.stub.requests.at(-1)?.headers.authorization).toBe('Bearer from-flag')
  })

  itOnce('rejects a malformed --env without printing its value', async () => {
    const badName = await spawn(['--env', '1BAD=secret-value', 'hi'])
    expect(badName.exitCode).toBe(2)
    const flat = (text: unknown) => String(text).replace(/\s*›\s*/g, ' ').replace(/\s+/g, ' ') // oclif wraps at the terminal width
    expect(flat(badName.stderr)).toContain('expected KEY=VALUE')
    expect(badName.stderr).not.toContain('secret-value')
    const unset = await spawn(['--env', 'NOT_SET_ANYWHERE', 'hi'])
    expect(unset.exitCode).toBe(2)
    expect(flat(unset.stderr)).toContain('NOT_SET_ANYWHERE is not set in codex-mcp\'s own environment')
    expect(unset.stderr).not.toMatch(/\n\s+at /) // no stack trace
  })

  it('reports a provider HTTP 500 clearly', async () => {
    const result = await spawn(['[[status:500]]'])
    expect(result.exitCode).toBe(1)
    expect(result.stderr).toMatch(/Error: Codex's model provider returned an error: .*high demand/)
  })

  it('unwraps a provider HTTP 400 body', async () => {
    const result = await spawn(['--json', '[[status:400]]'])
    const json = JSON.parse(String(result.stdout))
    expect(json.error).toMatchObject({kind: 'provider-error', message: expect.stringContaining('stub error 400 (stub_error)')})
  })

  it('fails with provider-unreachable within the configured time', async () => {
    const closed = await startStubProvider()
    await closed.close()
    const deadHome = await createCodexHome(closed.url)
    const configFile = path.join(rig.work, 'unreachable.json')
    await writeFile(configFile, JSON.stringify({reconnectTimeoutMs: 2000}))
    const started = Date.now()
    const result = await runCli(['spawn', '--json', '--config', configFile, 'hello'], {env: deadHome.env})
    const elapsed = Date.now() - started
    await deadHome.cleanup()
    expect(JSON.parse(String(result.stdout)).error.kind).toBe('provider-unreachable')
    expect(elapsed).toBeLessThan(30_000)
    expect(processesWithEnv('CODEX_HOME', deadHome.dir)).toEqual([])
  })

  it('--resume continues a thread: the model sees the earlier turn', async () => {
    const first = JSON.parse(String((await spawn(['--json', '[[reply:ok]] the secret word is walrus-7'])).stdout))
    const second = await spawn(['--resume', first.threadId, '--json', 'what was the word? resume-check'])
    expect(JSON.parse(String(second.stdout))).toMatchObject({status: 'succeeded', threadId: first.threadId})
    expect(JSON.stringify(rig.stub.requestsFor('resume-check').at(-1)?.body.input)).toContain('the secret word is walrus-7')
    const unknown = await spawn(['--resume', '01a2134a-0000-7000-8000-000000000000', '--json', 'hi'])
    expect(JSON.parse(String(unknown.stdout)).error.kind).toBe('unknown-thread')
  })

  itOnce('rejects a missing working directory', async () => {
    const result = await spawn(['--cd', path.join(rig.work, 'nope'), 'hi'])
    expect(result.exitCode).toBe(2)
    expect(result.stderr).toContain('nope')
  })

  itOnce('names the config file and key of an invalid config', async () => {
    const file = path.join(rig.work, '.codex-mcprc.json')
    await writeFile(file, JSON.stringify({maxConcurrency: 0, sandboxx: 'read-only'}))
    const result = await spawn(['--config', file, 'hi'])
    expect(result.exitCode).toBe(2)
    // oclif wraps the message at 80 columns: compare it unwrapped.
    const stderr = String(result.stderr).replace(/\s*\n\s*›\s+/g, ' ')
    expect(stderr).toContain(file)
    expect(result.stderr).toContain('maxConcurrency')
    expect(result.stderr).toContain('sandboxx')
    expect(result.stderr).not.toMatch(/\n\s+at /)
  })
})

describe('spawn kills the whole agent tree', () => {
  it('on timeout, a backgrounded grandchild included', async () => {
    const dir = await mkdtemp(path.join(rig.work, 'timeout-'))
    const result = await spawn(['--json', '--timeout', '4s', treeScript(dir)])
    expect(JSON.parse(String(result.stdout)).error.kind).toBe('timeout')
    const pids = await treePids(dir)
    for (const pid of pids) expect(isAlive(pid), `pid ${pid}`).toBe(false)
    expect(processesWithEnv('CODEX_HOME', rig.home.dir)).toEqual([])
  })

  it('on SIGINT, exiting 130', async () => {
    const dir = await mkdtemp(path.join(rig.work, 'sigint-'))
    const child = spawn([treeScript(dir)])
    await waitFor(() => treeStarted(dir), 20_000, 'the agent\'s shell command')
    const pids = await treePids(dir)
    child.kill('SIGINT')
    const result = await child
    expect(result.exitCode).toBe(130)
    for (const pid of pids) expect(isAlive(pid), `pid ${pid}`).toBe(false)
    expect(processesWithEnv('CODEX_HOME', rig.home.dir)).toEqual([])
  })
})
