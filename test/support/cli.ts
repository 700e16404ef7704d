import {execa, type Options} from 'execa'
import {existsSync, mkdirSync, mkdtempSync, rmSync} from 'node:fs'
import {createRequire} from 'node:module'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {fileURLToPath} from 'node:url'

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
export const binRun = path.join(repoRoot, 'bin/run.js')

/**
 * The Codex under test: the devDependency's `codex.js` wrapper (the runner must resolve it to the native binary),
 * or another install's `codex.js` or binary named by CODEX_MCP_TEST_CODEX (`npm run test:codex-versions`).
 */
export const codexWrapper =
  process.env.CODEX_MCP_TEST_CODEX || path.join(path.dirname(createRequire(import.meta.url).resolve('@openai/codex/package.json')), 'bin/codex.js')

const scratch = mkdtempSync(path.join(tmpdir(), 'codex-mcp-test-'))
process.once('exit', () => rmSync(scratch, {recursive: true, force: true}))
/** Background jobs of the test's servers go here, never to the user's ~/.local/state. */
const testStateHome = path.join(scratch, 'state')
/**
 * An empty HOME: the agents' `bash -lc` must not run the machine's login profile (a pyenv rehash killed
 * mid-way by a cancel test leaves a lock that stalls every later shell), nor touch the user's dotfiles.
 */
const testHome = path.join(scratch, 'home')
mkdirSync(testHome)

/**
 * TMPDIR for a Codex that is an MCP client: Codex 0.169 offered none of its MCP server's tools when TMPDIR was
 * long (seen with /tmp/some/much/longer/path/than/usual; macOS's /var/folders/… is as long), and did with /tmp.
 */
export const codexClientTmpdir = process.platform !== 'win32' && existsSync('/tmp') ? '/tmp' : tmpdir()

/** Environment for a codex-mcp child: the test's CODEX_HOME, never the user's, and the pinned Codex. */
export function cliEnv(extra: Record<string, string | undefined> = {}): Record<string, string> {
  const env: Record<string, string> = {}
  for (const [key, value] of Object.entries({...process.env, CODEX_MCP_CODEX_PATH: codexWrapper, XDG_STATE_HOME: testStateHome, HOME: testHome, ...extra})) {
    if (value !== undefined) env[key] = value
  }
  return env
}

/** Runs `codex-mcp <args>` (bin/run.js) and never rejects. */
export function runCli(args: string[], options: Options & {env?: Record<string, string | undefined>} = {}) {
  const {env, ...rest} = options
  return execa(process.execPath, [binRun, ...args], {
    reject: false,
    extendEnv: false,
    env: cliEnv(env),
    cwd: repoRoot,
    timeout: 120_000,
    ...rest,
  } as Options)
}
