import {type ChildProcess, spawn} from 'node:child_process'
import {mkdtemp, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {createInterface} from 'node:readline'

import {resolveCodex} from '../../src/runner/resolve-codex.js'
import {codexWrapper} from './cli.js'
import {isAlive, processesWithEnv, waitFor} from './processes.js'

export interface ExecServer {
  /** ws://127.0.0.1:PORT */
  url: string
  /** Its working directory, also its HOME and CODEX_HOME: nothing of the test's Codex. */
  dir: string
  pid: number
  child: ChildProcess
  /** SIGKILL, as a machine that dies would. */
  kill(): void
  close(): Promise<void>
}

/**
 * A real `codex exec-server` on loopback standing in for another machine: its own directory and environment
 * (HOST_TAG=tag, no provider key), optionally requiring a capability token.
 */
export async function startExecServer(tag: string, options: {token?: string} = {}): Promise<ExecServer> {
  const dir = await mkdtemp(path.join(tmpdir(), `codex-mcp-host-${tag}-`))
  const args = ['exec-server', '--listen', 'ws://127.0.0.1:0']
  if (options.token) {
    const file = path.join(dir, 'token')
    await writeFile(file, `${options.token}\n`, {mode: 0o600})
    args.push('--ws-auth', 'capability-token', '--ws-token-file', file)
  }
  const binary = resolveCodex({codexPath: codexWrapper, env: process.env})
  const child = spawn(binary.file, [...binary.args, ...args], {
    cwd: dir,
    env: {PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir, CODEX_HOME: dir, HOST_TAG: tag},
    stdio: ['ignore', 'pipe', 'ignore'],
    detached: true,
  })
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`codex exec-server ${tag} exited (${code}) before listening`)))
    createInterface({input: child.stdout!}).on('line', (line) => {
      if (line.startsWith('ws://')) resolve(line.trim())
    })
  })
  const pid = child.pid!
  const kill = () => {
    try {
      process.kill(-pid, 'SIGKILL')
    } catch {}
  }
  return {
    url,
    dir,
    pid,
    child,
    kill,
    async close() {
      kill()
      await waitFor(() => !isAlive(pid), 5000, `exec-server ${tag} to exit`).catch(() => {})
      // Commands a dead exec-server left behind (a host's commands outlive it, as on a real machine).
      for (const left of processesWithEnv('CODEX_HOME', dir)) {
        try {
          process.kill(left, 'SIGKILL')
        } catch {}
      }
      await rm(dir, {recursive: true, force: true})
    },
  }
}
