import {execa} from 'execa'
import {mkdir, mkdtemp, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {LIVE_PROMPT} from '../../src/doctor/checks/live.js'
import {type CheckResult, doctorReportSchema} from '../../src/doctor/types.js'
import {codexWrapper, repoRoot, runCli} from '../support/cli.js'
import {codexConfigToml, STUB_ENV_KEY} from '../support/codex-home.js'
import {type StubProvider, startStubProvider} from '../support/stub-provider.js'

const fake = (name: string) => path.join(repoRoot, 'test/fixtures/fake-codex', name)
const SECRET = `sk-doctor-secret-${Math.random().toString(36).slice(2)}`
const OTHER_SECRET = `sk-other-secret-${Math.random().toString(36).slice(2)}`
const otherProvider = `
[model_providers.other]
name = "other"
base_url = "http://127.0.0.1:9/v1"
env_key = "OTHER_API_KEY"
`

let stub: StubProvider
let root: string
let counter = 0
beforeAll(async () => {
  stub = await startStubProvider()
  root = await mkdtemp(path.join(tmpdir(), 'codex-mcp-doctor-e2e-'))
})
afterAll(async () => {
  await stub.close()
  await rm(root, {recursive: true, force: true})
})

/** A fresh HOME with a CODEX_HOME inside, built from an object literal of files (relative to CODEX_HOME unless they start with ~/). */
async function setup(files: Record<string, string> = {}) {
  const home = path.join(root, `home-${++counter}`)
  const codexHome = path.join(home, '.codex')
  const work = path.join(home, 'work')
  await mkdir(codexHome, {recursive: true})
  await mkdir(work, {recursive: true})
  for (const [name, content] of Object.entries(files)) {
    const file = name.startsWith('~/') ? path.join(home, name.slice(2)) : path.join(codexHome, name)
    await mkdir(path.dirname(file), {recursive: true})
    await writeFile(file, content)
  }
  return {home, codexHome, work}
}

type Setup = Awaited<ReturnType<typeof setup>>

/** `codex-mcp doctor` in a sealed environment: the test's HOME and CODEX_HOME, no API keys from the real one. */
function doctor(where: Setup, args: string[] = [], env: Record<string, string | undefined> = {}) {
  return runCli(['doctor', ...args], {
    cwd: where.work,
    env: {HOME: where.home, CODEX_HOME: where.codexHome, XDG_CONFIG_HOME: undefined, OPENAI_API_KEY: undefined, CODEX_API_KEY: undefined, [STUB_ENV_KEY]: undefined, ...env},
  })
}

async function doctorJson(where: Setup, args: string[] = [], env: Record<string, string | undefined> = {}) {
  const result = await doctor(where, ['--json', ...args], env)
  const report = doctorReportSchema.parse(JSON.parse(String(result.stdout)))
  const byId = (id: string) => report.checks.find((c) => c.id === id) as CheckResult
  return {result, report, byId}
}

const stubConfig = () => codexConfigToml(stub.url)

describe('codex-mcp doctor: the Codex binary', () => {
  it('passes the real Codex from devDependencies, and exits 0 when nothing failed', async () => {
    const where = await setup({'config.toml': stubConfig()})
    const {result, report, byId} = await doctorJson(where, [], {[STUB_ENV_KEY]: SECRET})
    expect(byId('codex-binary')).toMatchObject({status: 'pass', message: expect.stringContaining('from CODEX_MCP_CODEX_PATH')})
    expect(byId('codex-version')).toEqual({id: 'codex-version', status: 'pass', message: 'Codex 0.169.0 (>= 0.47.0 required)'})
    expect(report.checks.filter((c) => c.status === 'fail')).toEqual([])
    expect(report.ok).toBe(true)
    expect(result.exitCode).toBe(0)
  })

  it.each([
    ['codex-0.40.0', 'Codex 0.40.0 is too old: codex-mcp needs Codex >= 0.47.0 (its `codex exec --json` prints an older event format that codex-mcp cannot read: every agent would fail).'],
    ['codex-garbage', 'not a version (expected "codex-cli X.Y.Z")'],
    ['codex-exit-1', '`--version` exited with code 1: codex: error while loading shared libraries'],
  ])('fails clearly with a fake %s, without crashing', async (name, text) => {
    const where = await setup()
    const result = await doctor(where, [], {CODEX_MCP_CODEX_PATH: fake(name)})
    expect(result.exitCode).toBe(1)
    expect(result.stdout).toContain(`✗ ${name === 'codex-0.40.0' ? text : 'Could not read the Codex version'}`)
    expect(result.stdout).toContain(text)
    expect(result.stdout).toMatch(/\n {4}Fix: .*npm install -g @openai\/codex@latest/)
    expect(result.stderr).not.toMatch(/at .*\.js:\d+/) // no stack trace
    // The fake has no `codex doctor --json`: that section is skipped silently.
    expect(result.stdout).not.toContain('codex doctor --json')
  })

  it('fails when no Codex can be found', async () => {
    const where = await setup()
    const {result, byId} = await doctorJson(where, [], {CODEX_MCP_CODEX_PATH: path.join(where.home, 'no-codex')})
    expect(result.exitCode).toBe(1)
    expect(byId('codex-binary')).toMatchObject({status: 'fail', message: expect.stringContaining('Codex not found')})
  })
})

describe('codex-mcp doctor: the engine agents run on', () => {
  it('auto (no setting): app-server, because this Codex speaks its protocol', async () => {
    const where = await setup({'config.toml': stubConfig()})
    const {byId} = await doctorJson(where, [], {CODEX_MCP_ENGINE: undefined})
    expect(byId('engine')).toMatchObject({status: 'info', message: expect.stringMatching(/^engine: app-server \(Codex 0\.169\.0 speaks the app-server protocol\)/)})
  })

  it('an explicit exec: exec, and says it was asked for', async () => {
    const where = await setup({'config.toml': stubConfig()})
    const {byId} = await doctorJson(where, ['--engine', 'exec'], {CODEX_MCP_ENGINE: undefined})
    expect(byId('engine')).toEqual({id: 'engine', status: 'info', message: 'engine: exec (engine set to exec)'})
  })

  it('a Codex older than the protocol: exec with the reason; an explicit app-server on it fails with the fix', async () => {
    const where = await setup()
    const env = {CODEX_MCP_CODEX_PATH: fake('codex-0.140.0'), CODEX_MCP_ENGINE: undefined}
    const auto = await doctorJson(where, [], env)
    expect(auto.byId('engine')).toMatchObject({status: 'info', message: expect.stringMatching(/^engine: exec \(Codex 0\.140\.0 is older than the app-server engine supports \(>=0\.169\.0/)})
    const forced = await doctorJson(where, ['--engine', 'app-server'], env)
    expect(forced.byId('engine')).toMatchObject({status: 'fail', message: expect.stringContaining('engine app-server was asked for, but Codex 0.140.0 is older'), fix: expect.stringContaining('npm install -g @openai/codex@latest')})
  })
})

describe('codex-mcp doctor: Codex config.toml', () => {
  it('without a config.toml: defaults, built-in openai provider', async () => {
    const where = await setup()
    const {byId} = await doctorJson(where)
    expect(byId('codex-config')).toMatchObject({status: 'info', message: expect.stringContaining(`no ${where.codexHome}/config.toml (from CODEX_HOME)`)})
    expect(byId('model-provider')).toMatchObject({status: 'pass', message: 'Model provider: openai (built in; Codex\'s default)'})
  })

  it('reports a syntax error with line and column', async () => {
    const where = await setup({'config.toml': 'model = "m"\nmodel_provider = "stub"\n[model_providers.stub\nname = "x"\n'})
    const result = await doctor(where)
    expect(result.exitCode).toBe(1)
    expect(result.stdout).toMatch(/✗ Codex config: .*config\.toml has a TOML syntax error at line 3, column \d+/)
  })

  it('warns about ~/.config/codex/config.toml, which Codex does not read', async () => {
    const where = await setup({'~/.config/codex/config.toml': stubConfig()})
    const {byId} = await doctorJson(where, [], {CODEX_HOME: undefined})
    expect(byId('codex-config-location')).toMatchObject({status: 'warn', message: expect.stringContaining(`Codex reads ${where.home}/.codex/config.toml`)})
  })
})

describe('codex-mcp doctor: credentials of a provider with env_key', () => {
  it('env_key set: passes, showing only the length', async () => {
    const where = await setup({'config.toml': stubConfig()})
    const {byId} = await doctorJson(where, [], {[STUB_ENV_KEY]: SECRET})
    expect(byId('model-provider').message).toContain('Model provider: stub ([model_providers.stub], http://127.0.0.1:')
    expect(byId('credentials')).toMatchObject({status: 'pass', message: expect.stringContaining(`STUB_API_KEY (env_key of provider "stub"): set, ${SECRET.length} chars`)})
  })

  it('env_key unset: fails, naming the variable and the three ways to pass it', async () => {
    const where = await setup({'config.toml': stubConfig()})
    const result = await doctor(where)
    expect(result.exitCode).toBe(1)
    expect(result.stdout).toContain('✗ Model provider "stub" reads its API key from STUB_API_KEY (env_key), which is not set in the environment codex-mcp gives Codex')
    expect(result.stdout).toContain('(1) in your MCP client\'s server entry: "env": {"STUB_API_KEY": "..."}')
    expect(result.stdout).toContain('(2) codex-mcp serve --env STUB_API_KEY=...')
    expect(result.stdout).toContain('(3) codex mcp add codex-mcp --env STUB_API_KEY=... -- codex-mcp serve')
  })

  it('env_key set only via --env: passes (the runner\'s merge)', async () => {
    const where = await setup({'config.toml': stubConfig()})
    const {result, byId} = await doctorJson(where, ['--env', `${STUB_ENV_KEY}=${SECRET}`])
    expect(byId('credentials')).toMatchObject({status: 'pass', message: expect.stringContaining('from --env')})
    expect(result.exitCode).toBe(0)
  })

  it('env_key set in the codex-mcp config\'s env: passes, naming the file', async () => {
    const where = await setup({'config.toml': stubConfig(), '~/work/.codex-mcprc.json': JSON.stringify({env: {[STUB_ENV_KEY]: SECRET}})})
    const {byId} = await doctorJson(where)
    expect(byId('codex-mcp-config')).toMatchObject({status: 'pass', message: expect.stringContaining('.codex-mcprc.json (valid)')})
    expect(byId('credentials').message).toContain(`from "env" in ${where.work}/.codex-mcprc.json`)
  })
})

describe('codex-mcp doctor: a profile selecting another provider', () => {
  it('$CODEX_HOME/<name>.config.toml layered on top (Codex 0.169)', async () => {
    const where = await setup({'config.toml': stubConfig() + otherProvider, 'other.config.toml': 'model_provider = "other"\n'})
    const {byId} = await doctorJson(where, ['--profile', 'other'], {[STUB_ENV_KEY]: SECRET})
    expect(byId('codex-profile')).toMatchObject({status: 'pass', message: expect.stringContaining('other.config.toml layered on')})
    expect(byId('model-provider').message).toContain('Model provider: other ([model_providers.other], http://127.0.0.1:9/v1; model_provider in other.config.toml (profile other))')
    // STUB_API_KEY is set, but the profile's provider reads OTHER_API_KEY.
    expect(byId('credentials')).toMatchObject({status: 'fail', message: expect.stringContaining('reads its API key from OTHER_API_KEY')})
    const fixed = await doctorJson(where, ['--profile', 'other', '--env', `OTHER_API_KEY=${OTHER_SECRET}`])
    expect(fixed.byId('credentials').status).toBe('pass')
  })

  it('a legacy [profiles.<name>] table: honoured, and failed because Codex 0.169 refuses it', async () => {
    const where = await setup({'config.toml': `${stubConfig() + otherProvider}\n[profiles.legacy]\nmodel_provider = "other"\n`})
    const {byId} = await doctorJson(where, ['--profile', 'legacy'], {OTHER_API_KEY: OTHER_SECRET})
    expect(byId('model-provider').message).toContain('Model provider: other ([model_providers.other], http://127.0.0.1:9/v1; model_provider in [profiles.legacy] (profile legacy))')
    expect(byId('credentials').status).toBe('pass')
    expect(byId('codex-profile')).toMatchObject({status: 'fail', message: expect.stringContaining('Codex 0.169.0 refuses it')})
    // The fact the check relies on: the real Codex refuses `-p legacy` here.
    const spawned = await runCli(['spawn', '--profile', 'legacy', 'hi'], {cwd: where.work, env: {HOME: where.home, CODEX_HOME: where.codexHome, OTHER_API_KEY: OTHER_SECRET}})
    expect(spawned.exitCode).not.toBe(0)
    expect(spawned.stderr).toContain('legacy')
  })
})

describe('codex-mcp doctor: the built-in OpenAI provider', () => {
  it('logged out, no key: fails with `codex login status`\'s answer and how to log in', async () => {
    const where = await setup()
    const {result, byId} = await doctorJson(where)
    expect(result.exitCode).toBe(1)
    expect(byId('credentials')).toMatchObject({status: 'fail', message: expect.stringContaining('`codex login status`: "Not logged in", exit 1')})
    expect(byId('credentials').fix).toContain(`CODEX_HOME=${where.codexHome} codex login`)
  })

  it('logged out with OPENAI_API_KEY: passes', async () => {
    const where = await setup()
    const {byId} = await doctorJson(where, [], {OPENAI_API_KEY: SECRET})
    expect(byId('credentials')).toMatchObject({status: 'pass', message: expect.stringContaining(`OPENAI_API_KEY is set, ${SECRET.length} chars`)})
  })

  it('logged in (codex login --with-api-key): passes', async () => {
    const where = await setup()
    await execa(process.execPath, [codexWrapper, 'login', '--with-api-key'], {input: SECRET, env: {...process.env, HOME: where.home, CODEX_HOME: where.codexHome}})
    const {byId} = await doctorJson(where)
    expect(byId('credentials')).toMatchObject({status: 'pass', message: expect.stringMatching(/^Codex login: .*\(`codex login status` exit 0\)$/)})
  })
})

describe('codex-mcp doctor: MCP servers in Codex\'s config', () => {
  it('warns about codex-mcp\'s 60 s tool deadline with the exact line, and a server whose command is missing', async () => {
    const where = await setup({
      'config.toml': `${stubConfig()}\n[mcp_servers.subagents]\ncommand = "node"\nargs = ["${repoRoot}/bin/run.js", "serve"]\n\n[mcp_servers.broken]\ncommand = "no-such-mcp-server"\n`,
    })
    const {result, byId} = await doctorJson(where, [], {[STUB_ENV_KEY]: SECRET})
    expect(byId('client-deadline:subagents')).toEqual({
      id: 'client-deadline:subagents',
      status: 'warn',
      message: expect.stringContaining('60 s per tool call (Codex\'s default; tool_timeout_sec is not set), a fixed deadline that progress does not reset'),
      fix: `add under [mcp_servers.subagents] in ${where.codexHome}/config.toml: tool_timeout_sec = 1860 (or let Codex use start_agent + wait_agents, whose calls return within the default)`,
    })
    expect(byId('mcp-server:broken')).toMatchObject({status: 'warn', message: expect.stringContaining('"no-such-mcp-server", which is not on the PATH')})
    // Codex gives a stdio server only a few variables: the shell's STUB_API_KEY would not reach codex-mcp.
    expect(byId('client-env:subagents')).toMatchObject({status: 'warn', fix: `add under [mcp_servers.subagents] in ${where.codexHome}/config.toml: env_vars = ["STUB_API_KEY"] (forwards it from Codex's environment), or env = { STUB_API_KEY = "..." }`})
    // Codex's own doctor says the same about the broken server: not repeated.
    expect(result.stdout).not.toContain('codex-doctor:mcp.config')
    expect(result.exitCode).toBe(0)
  })

  it('passes a tool deadline that covers the agent timeout and a forwarded env_key', async () => {
    const where = await setup({'config.toml': `${stubConfig()}\n[mcp_servers.subagents]\ncommand = "node"\nargs = ["${repoRoot}/bin/run.js", "serve", "--timeout", "10m"]\ntool_timeout_sec = 900\nenv_vars = ["STUB_API_KEY"]\n`})
    const {report, byId} = await doctorJson(where, [], {[STUB_ENV_KEY]: SECRET})
    expect(byId('client-deadline:subagents')).toMatchObject({status: 'pass', message: expect.stringContaining('900 s per tool call (tool_timeout_sec) covers the agent timeout of 10 min')})
    expect(byId('client-env:subagents')).toMatchObject({status: 'pass', message: '[mcp_servers.subagents] passes STUB_API_KEY to codex-mcp (env_vars)'})
    expect(report.checks.filter((c) => !c.id.startsWith('codex-doctor:') && (c.status === 'warn' || c.status === 'fail'))).toEqual([])
  })
})

describe('codex-mcp doctor --live', () => {
  it('runs one tiny agent through the runner against the stub provider', async () => {
    const where = await setup({'config.toml': stubConfig()})
    const before = stub.requestsFor(LIVE_PROMPT).length
    const {result, byId} = await doctorJson(where, ['--live'], {[STUB_ENV_KEY]: SECRET})
    expect(byId('live')).toMatchObject({status: 'pass', message: expect.stringMatching(/^Live agent: answered in \d+\.\d s: "echo: This is a connectivity check/)})
    expect(stub.requestsFor(LIVE_PROMPT).length).toBe(before + 1)
    expect(result.exitCode).toBe(0)
  })

  it('reports a failing round trip with the runner\'s error and fix', async () => {
    const where = await setup({'config.toml': stubConfig()})
    const {result, byId} = await doctorJson(where, ['--live'])
    expect(byId('live')).toMatchObject({status: 'fail', message: expect.stringContaining('(missing-env-key)'), fix: expect.stringContaining('STUB_API_KEY')})
    expect(result.exitCode).toBe(1)
  })
})

describe('codex-mcp doctor --json', () => {
  it('prints {checks: [{id, status, message, fix?}], ok} and nothing else on stdout', async () => {
    const where = await setup({'config.toml': stubConfig()})
    const {result, report} = await doctorJson(where)
    expect(Object.keys(report)).toEqual(['checks', 'ok'])
    expect(report.ok).toBe(false)
    expect(result.exitCode).toBe(1)
    for (const check of report.checks) {
      expect(Object.keys(check).sort()).toEqual(check.fix === undefined ? ['id', 'message', 'status'] : ['fix', 'id', 'message', 'status'])
    }
    const ids = report.checks.map((c) => c.id)
    expect(ids.slice(0, 7)).toEqual(['codex-mcp-config', 'codex-binary', 'codex-version', 'codex-config', 'model-provider', 'credentials', 'working-directory'])
    expect(ids.some((id) => id.startsWith('codex-doctor:'))).toBe(true)
  })
})

describe('codex-mcp doctor never prints a secret', () => {
  it('in text, JSON or --live output, even next to a TOML syntax error', async () => {
    const good = await setup({'config.toml': stubConfig() + otherProvider, 'other.config.toml': 'model_provider = "other"\n'})
    const broken = await setup({'config.toml': `[mcp_servers.x]\ncommand = "x"\nenv = { TOKEN = "${OTHER_SECRET}" }\nbad = = 1\n`})
    const runs = await Promise.all([
      doctor(good, [], {[STUB_ENV_KEY]: SECRET}),
      doctor(good, ['--json', '--live'], {[STUB_ENV_KEY]: SECRET}),
      doctor(good, ['--profile', 'other', '--env', `OTHER_API_KEY=${OTHER_SECRET}`, '--env', `${STUB_ENV_KEY}=${SECRET}`]),
      doctor(good, ['--json', '--profile', 'other'], {OTHER_API_KEY: OTHER_SECRET, OPENAI_API_KEY: SECRET}),
      doctor(broken, [], {OPENAI_API_KEY: SECRET}),
    ])
    expect(runs.map((r) => r.stdout).join('\n')).toContain('chars')
    for (const run of runs) {
      const output = `${run.stdout}\n${run.stderr}`
      expect(output).not.toContain(SECRET)
      expect(output).not.toContain(OTHER_SECRET)
    }
  })
})
