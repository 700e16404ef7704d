/**
 * Everything the sections share: the stub provider, a throwaway CODEX_HOME, an empty working directory, the
 * native Codex binary, and the environments each contender gets. `cleanup()` ends every process the bench
 * started and checks that no Codex outlived it.
 */
import {fork} from 'node:child_process'
import {readFileSync} from 'node:fs'
import {mkdir, mkdtemp, rm, symlink} from 'node:fs/promises'
import {createRequire} from 'node:module'
import {tmpdir} from 'node:os'
import path from 'node:path'

import {type CodexHome, createCodexHome} from '../test/support/codex-home.js'
import {binRun, cliEnv, repoRoot} from '../test/support/cli.js'
import {processesWithEnv, waitFor} from '../test/support/processes.js'
import {type StubProvider, startStubProvider} from '../test/support/stub-provider.js'

const require = createRequire(import.meta.url)

/** The native binary the npm wrapper would start: the floor every contender is measured against. */
export const nativeCodex = path.join(
  path.dirname(require.resolve('@openai/codex-linux-x64/package.json')),
  'vendor/x86_64-unknown-linux-musl/bin/codex',
)
export const peerEntry = require.resolve('codex-mcp-server/dist/index.js')
export const peerVersion: string = require('codex-mcp-server/package.json').version
export const minimalServer = path.join(repoRoot, 'bench/minimal-server.mjs')
export {binRun, repoRoot}

/** The argv codex-mcp builds for a default agent (src/runner/exec-args.ts), prompt on stdin. */
export const rawExecArgs = (cwd: string) => ['exec', '--json', '--cd', cwd, '--skip-git-repo-check', '--dangerously-bypass-approvals-and-sandbox', '-']

export interface Rig {
  stub: StubProvider
  home: CodexHome
  /** An empty directory every agent works in. */
  work: string
  /**
   * Every contender's environment: this process's, with the tests' empty HOME and XDG_STATE_HOME
   * (test/support/cli.ts), CODEX_HOME, the stub's key, and CODEX_MCP_CODEX_PATH at the npm wrapper (codex-mcp
   * resolves it to the native binary; Codex ignores it). The same HOME for all matters: Codex starts a login
   * shell (`bash -lc`, the user's rc files) for every agent, and with this machine's ~/.bashrc (pyenv) a raw
   * `codex exec` took ~10 ms longer than with an empty HOME.
   */
  cliEnv: Record<string, string>
  /**
   * The peer's environment. codex-mcp-server 1.4.10 runs `codex` from PATH with `--model gpt-5.3-codex` unless
   * CODEX_DEFAULT_MODEL is set: PATH gets a directory whose `codex` is the same native binary, and the model is
   * the stub's, so both servers send Codex the same request. It passes no sandbox flag; the CODEX_HOME config
   * (danger-full-access, approvals never) makes that equal to codex-mcp's default. Its `codex` tool declares an
   * outputSchema but sends structuredContent only with STRUCTURED_CONTENT_ENABLED=1; without it the SDK Client
   * rejects every result (MCP error -32600), so the bench turns it on.
   */
  peerEnv: Record<string, string>
  /**
   * `serve`'s arguments in every section: the agents work in `work`, a temp dir outside the directory serve runs
   * in, so the bench allows it as a user would (the trust boundary refuses any other cwd).
   */
  serveArgs: string[]
  /** Set by cleanup: no new child may start. */
  stopping: boolean
  /**
   * Ends every process the bench started and checks that no Codex outlived it. After a normal run, the
   * sections have closed their servers: whatever still runs after 5 s is killed and reported. After an
   * interrupt, everything with the bench's CODEX_HOME (servers, their agents, raw Codex) is killed until none
   * is left — a Codex whose stub provider is gone would otherwise try to reconnect forever.
   */
  cleanup(options?: {interrupted?: boolean}): Promise<{leftover: number[]}>
}

export async function createRig(): Promise<Rig> {
  const stub = await startStubProvider()
  const home = await createCodexHome(stub.url)
  const work = await mkdtemp(path.join(tmpdir(), 'codex-mcp-bench-work-'))
  const peerBin = path.join(home.dir, 'peer-bin')
  await mkdir(peerBin)
  await symlink(nativeCodex, path.join(peerBin, 'codex'))
  const env = cliEnv(home.env)
  const ours = () => processesWithEnv('CODEX_HOME', home.dir)
  const killAll = (pids: number[]) => {
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGKILL')
      } catch {}
    }
  }
  const rig: Rig = {
    stub,
    home,
    work,
    cliEnv: env,
    serveArgs: ['--allowed-root', work],
    peerEnv: {...env, PATH: `${peerBin}${path.delimiter}${env.PATH ?? ''}`, CODEX_DEFAULT_MODEL: 'stub-model', STRUCTURED_CONTENT_ENABLED: '1'},
    stopping: false,
    async cleanup(options = {}) {
      rig.stopping = true
      let leftover: number[] = []
      if (options.interrupted) {
        // The interrupted section may still be starting servers and agents: sweep until two quiet looks in a row.
        for (let quiet = 0, deadline = Date.now() + 10_000; quiet < 2 && Date.now() < deadline; ) {
          const pids = ours()
          killAll(pids)
          quiet = pids.length === 0 ? quiet + 1 : 0
          await new Promise((resolve) => setTimeout(resolve, 100))
        }
      } else {
        await waitFor(() => ours().length === 0, 5000, 'no process left').catch(() => {})
        leftover = ours()
        killAll(leftover)
      }
      await stub.close()
      await home.cleanup()
      // test/support/cli.ts makes its empty HOME and state dir when imported; nobody else removes ours.
      for (const dir of [work, env.HOME, env.XDG_STATE_HOME]) if (dir?.startsWith(tmpdir())) await rm(dir, {recursive: true, force: true})
      return {leftover}
    },
  }
  return rig
}

/**
 * Waits (up to 2 s) until nothing with the bench's CODEX_HOME runs except `keep` (warm servers): after
 * `codex exec` exits, its login-shell snapshot helper (`bash -lc` with the user's rc files) keeps a core busy
 * for some 50 ms more, and must not run into the next measurement.
 */
export async function settle(rig: Rig, keep: number[] = []): Promise<void> {
  await waitFor(() => processesWithEnv('CODEX_HOME', rig.home.dir).every((pid) => keep.includes(pid) || isWarmAppServerOf(pid, keep)), 2000, 'quiet machine').catch(() => {})
}

/**
 * A kept serve's warm `codex app-server` (or the supervisor that runs it) lives as long as the serve: settling
 * never waits for it (with `engine: auto` every serve has one, and each wait ran into the timeout).
 */
function isWarmAppServerOf(pid: number, keep: number[]): boolean {
  try {
    if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes('app-server')) return false
    for (let ancestor = parentOf(pid), hops = 0; ancestor > 1 && hops < 4; ancestor = parentOf(ancestor), hops++) if (keep.includes(ancestor)) return true
  } catch {}
  return false
}

function parentOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
}

/** A warm parent for the bench's command-line runs (bench/launcher.mjs). */
export interface Launcher {
  /** Raw `codex exec` (the floor), one per prompt, all at once, each prompt on stdin; the wall time in ms. */
  raw(prompts: string[]): Promise<number>
  /** One `codex-mcp spawn` with the prompt as its argument; the wall time in ms. */
  spawnCli(prompt: string): Promise<number>
  /** `codex-mcp <args>`, stdin closed; the wall time in ms. */
  cli(args: string[]): Promise<number>
  /** `node <args>`; the wall time in ms. */
  node(args: string[]): Promise<number>
  close(): void
  /** The launcher's pid: its reaped children's CPU time is in /proc/<pid>/stat (cutime, cstime). */
  pid: number
}

/**
 * Command-line runs are started by a small warm Node process, not by the bench: the bench also serves the
 * stub provider to every agent, so it is the busiest process here, and spawning (about 2 ms of blocked event
 * loop each) and draining 16 Codex there billed that load to the floor alone. Raw Codex runs in its own
 * session (setsid), as codex-mcp's runner starts it: with the kernel's autogroup scheduling
 * (sched_autogroup_enabled), each session gets its own CPU share, and on this shared 2-core machine 16 agents
 * in 16 sessions finished in 2.35 s against 2.67 s in one session.
 */
export function startLauncher(rig: Rig): Launcher {
  const child = fork(path.join(repoRoot, 'bench/launcher.mjs'), [], {stdio: ['ignore', 'ignore', 'inherit', 'ipc'], execArgv: []})
  const waiting = new Map<number, {resolve(ms: number): void; reject(error: Error): void}>()
  let nextId = 0
  child.on('message', (message: {id: number; ms?: number; error?: string}) => {
    const pending = waiting.get(message.id)
    waiting.delete(message.id)
    if (message.error !== undefined) pending?.reject(new Error(message.error))
    else pending?.resolve(message.ms!)
  })
  child.on('exit', () => {
    for (const pending of waiting.values()) pending.reject(new Error('The launcher exited'))
    waiting.clear()
  })
  const run = (job: {file: string; args: string[]; env: Record<string, string>; inputs: string[]; detached: boolean}) => {
    if (rig.stopping) return Promise.reject(new Error('The bench is stopping'))
    const id = ++nextId
    return new Promise<number>((resolve, reject) => {
      waiting.set(id, {resolve, reject})
      child.send({id, cwd: rig.work, ...job})
    })
  }
  return {
    raw: (prompts) => run({file: nativeCodex, args: rawExecArgs(rig.work), env: rig.cliEnv, inputs: prompts, detached: true}),
    spawnCli: (prompt) => run({file: process.execPath, args: [binRun, 'spawn', '--cd', rig.work, prompt], env: rig.cliEnv, inputs: [''], detached: false}),
    cli: (args) => run({file: process.execPath, args: [binRun, ...args], env: rig.cliEnv, inputs: [''], detached: false}),
    node: (args) => run({file: process.execPath, args, env: rig.cliEnv, inputs: [''], detached: false}),
    close: () => child.disconnect(),
    pid: child.pid!,
  }
}
