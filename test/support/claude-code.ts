import {execa} from 'execa'
import {mkdtemp, readFile, rm, writeFile} from 'node:fs/promises'
import {createRequire} from 'node:module'
import {tmpdir} from 'node:os'
import path from 'node:path'

import {binRun, cliEnv} from './cli.js'

const require = createRequire(import.meta.url)

/**
 * The pinned Claude Code's native binary, from its platform package (its postinstall copies the same file
 * over bin/claude.exe; npm may one day skip install scripts, the platform package is always there).
 */
export function claudeBinary(): string {
  const platform = `${process.platform}-${process.arch}`
  try {
    return path.join(path.dirname(require.resolve(`@anthropic-ai/claude-code-${platform}/package.json`)), 'claude')
  } catch {
    return path.join(path.dirname(require.resolve('@anthropic-ai/claude-code/package.json')), 'bin/claude.exe')
  }
}

export interface ClaudeRun {
  exitCode: number | undefined
  stdout: string
  stderr: string
  /** The stream-json events Claude Code printed. */
  events: any[]
  /** Claude Code's debug log (--debug-file). */
  debugLog: string
}

export interface ClaudeOptions {
  /** The stub Messages API's URL. */
  apiUrl: string
  /** Environment of the codex-mcp server (the MCP config's `env`). */
  serverEnv?: Record<string, string>
  /** Extra arguments for `codex-mcp serve`. */
  serveArgs?: string[]
  /** Extra environment for Claude Code itself (e.g. MCP_TOOL_TIMEOUT). */
  env?: Record<string, string>
  timeoutMs?: number
}

/**
 * Runs the real Claude Code headless (`claude -p PROMPT --output-format stream-json`) with `bin/run.js serve`
 * as its only MCP server (`subagents`), against the stub Messages API, in an empty HOME and config dir with
 * every kind of non-essential traffic (telemetry, auto-update, error reports) switched off.
 */
export async function runClaude(prompt: string, options: ClaudeOptions): Promise<ClaudeRun> {
  const dir = await mkdtemp(path.join(tmpdir(), 'codex-mcp-claude-'))
  try {
    const mcpConfig = path.join(dir, 'mcp.json')
    const debugFile = path.join(dir, 'debug.log')
    await writeFile(
      mcpConfig,
      JSON.stringify({mcpServers: {subagents: {type: 'stdio', command: process.execPath, args: [binRun, 'serve', ...(options.serveArgs ?? [])], env: options.serverEnv ?? {}}}}),
    )
    const base = cliEnv()
    const env: Record<string, string> = {
      PATH: base.PATH,
      HOME: dir,
      CLAUDE_CONFIG_DIR: path.join(dir, 'config'),
      // Claude Code keeps its scratch files in /tmp/claude-<uid> and its sockets in /tmp/cc-socks whatever TMPDIR
      // says: these two bring them into the test's own directory, which goes with it.
      CLAUDE_CODE_TMPDIR: dir,
      XDG_RUNTIME_DIR: dir,
      XDG_STATE_HOME: base.XDG_STATE_HOME,
      ANTHROPIC_BASE_URL: options.apiUrl,
      ANTHROPIC_API_KEY: 'stub-anthropic-key',
      DISABLE_TELEMETRY: '1',
      DISABLE_AUTOUPDATER: '1',
      DISABLE_ERROR_REPORTING: '1',
      DISABLE_BUG_COMMAND: '1',
      CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
      CLAUDE_CODE_DISABLE_TERMINAL_TITLE: '1',
      ...options.env,
    }
    const result = await execa(
      claudeBinary(),
      [
        '-p',
        prompt,
        '--output-format',
        'stream-json',
        '--verbose',
        '--strict-mcp-config',
        '--mcp-config',
        mcpConfig,
        '--allowedTools',
        'mcp__subagents',
        '--debug-file',
        debugFile,
      ],
      {env, extendEnv: false, cwd: dir, reject: false, timeout: options.timeoutMs ?? 180_000, stdin: 'ignore'},
    )
    const stdout = String(result.stdout)
    const events = stdout
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line))
    const debugLog = await readFile(debugFile, 'utf8').catch(() => '')
    return {exitCode: result.exitCode, stdout, stderr: String(result.stderr), events, debugLog}
  } finally {
    await rm(dir, {recursive: true, force: true})
  }
}
