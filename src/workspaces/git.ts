import {CodexMcpError} from '../errors.js'

/**
 * `-c` options on every git call: no user hooks, no signing prompts, no fsmonitor daemon, no pager or colour,
 * so the same commands work on any machine whatever its git config says.
 */
const SAFE_CONFIG = [
  'core.hooksPath=/dev/null',
  'commit.gpgsign=false',
  'tag.gpgsign=false',
  'core.fsmonitor=false',
  'core.pager=cat',
  'color.ui=false',
  'gc.auto=0',
  'advice.detachedHead=false',
].flatMap((pair) => ['-c', pair])

/** The identity of the agents' commits: they live on codex-mcp's branches, never on the user's. */
const IDENTITY = {
  GIT_AUTHOR_NAME: 'codex-mcp',
  GIT_AUTHOR_EMAIL: 'codex-mcp@localhost',
  GIT_COMMITTER_NAME: 'codex-mcp',
  GIT_COMMITTER_EMAIL: 'codex-mcp@localhost',
}

let execaModule: Promise<typeof import('execa')> | undefined

export interface GitResult {
  stdout: string
  stderr: string
  exitCode: number
}

function gitEnv(): Record<string, string> {
  const env: Record<string, string> = {}
  for (const [key, value] of Object.entries(process.env)) {
    // An inherited GIT_DIR (codex-mcp started from a hook, say) would point every command at another repository.
    if (value !== undefined && !/^GIT_(DIR|WORK_TREE|INDEX_FILE|OBJECT_DIRECTORY|COMMON_DIR|PREFIX|NAMESPACE)$/.test(key)) env[key] = value
  }
  return {...env, ...IDENTITY, GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C'}
}

/** Runs git with the safe options; never rejects (look at exitCode). */
export interface GitOptions {
  input?: string
  allowedExitCodes?: number[]
  /** Extra environment (e.g. GIT_INDEX_FILE for a scratch index). */
  env?: Record<string, string>
}

export async function gitRaw(cwd: string, args: string[], options: GitOptions = {}): Promise<GitResult> {
  const {execa} = await (execaModule ??= import('execa'))
  const result = await execa('git', [...SAFE_CONFIG, ...args], {
    cwd,
    env: {...gitEnv(), ...options.env},
    extendEnv: false,
    reject: false,
    stripFinalNewline: false,
    ...(options.input === undefined ? {stdin: 'ignore'} : {input: options.input}),
    maxBuffer: 256 * 1024 * 1024,
  })
  if (result.exitCode === undefined) {
    throw new CodexMcpError(`Could not run git: ${result.originalMessage ?? result.shortMessage}`, {
      kind: 'git-failed',
      fix: 'Install git (https://git-scm.com) and make sure it is on PATH.',
    })
  }
  return {stdout: String(result.stdout), stderr: String(result.stderr), exitCode: result.exitCode}
}

/** Runs git and returns its stdout; a non-zero exit (other than the allowed ones) throws with git's own words. */
export async function git(cwd: string, args: string[], options: GitOptions = {}): Promise<string> {
  const result = await gitRaw(cwd, args, options)
  if (result.exitCode !== 0 && !options.allowedExitCodes?.includes(result.exitCode)) {
    throw new CodexMcpError(`git ${args[0]} failed in ${cwd}: ${result.stderr.trim().split('\n').at(-1) ?? `exit ${result.exitCode}`}`, {
      kind: 'git-failed',
      stderrTail: result.stderr.trim().slice(-2000),
    })
  }
  return result.stdout
}

/** `git … ` output's first line, trimmed (an object id, a path). */
export const line = (stdout: string) => stdout.split('\n')[0].trim()
