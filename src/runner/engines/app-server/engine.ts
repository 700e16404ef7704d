import {placeAgent} from '../../../hosts/placement.js'
import {assertDirectory, codexBinaryFor} from '../../codex-binary.js'
import {reapAgentProcesses} from '../../process-tree.js'
import type {RunOptions} from '../../run-options.js'
import type {Engine} from '../types.js'
import {runThread} from './run-thread.js'
import {shutdownAppServers, warmServer, type WarmServer} from './supervisor.js'
import {killAllThreads, signalAllThreads} from './thread-processes.js'

/** The warm server's handles are unref'd (it must not keep a finished CLI alive): an agent in flight holds the loop. */
async function holdingLoop<T>(work: () => Promise<T>): Promise<T> {
  const hold = setInterval(() => {}, 1 << 30)
  try {
    return await work()
  } finally {
    clearInterval(hold)
  }
}

function serverFor(options: RunOptions): Promise<WarmServer> {
  const binary = codexBinaryFor(options)
  return holdingLoop(() => warmServer(binary, {...options.env, ...binary.env}))
}

/** Agents as threads of one warm, supervised `codex app-server` per Codex environment. */
export const appServerEngine: Engine = {
  name: 'app-server',
  async cannotRun(options) {
    // A profile is per process in app-server, and Codex 0.169's app-server refuses -p.
    if (options.profile) return {why: `the agent has a profile ("${options.profile}"), and codex app-server takes no --profile`, codexCannot: false}
    const server = await serverFor(options)
    if (server.unsupported) return {why: server.unsupported, codexCannot: true}
    // Later agents of a server whose messages stopped matching run on exec, even when app-server was asked for.
    if (server.mismatch) return {why: `an earlier agent found that ${server.mismatch}`, codexCannot: false}
    return undefined
  },
  async run(options, hooks, onSteerable) {
    const started = Date.now()
    assertDirectory(options.cwd)
    const binary = codexBinaryFor(options)
    return holdingLoop(async () => {
      const server = await serverFor(options)
      if (!options.hosts) return runThread({options, hooks, server, binary, started, onSteerable})
      // With hosts: a slot on the agent's host first (its commands run there, through an exec-server).
      const placement = await placeAgent(server.connection, {hosts: options.hosts, host: options.host, cwd: options.cwd, isolation: options.isolation}, hooks.signal)
      try {
        hooks.onHost?.(placement.host.name)
        return await runThread({options, hooks, server, binary, started, onSteerable, placement})
      } finally {
        placement.release()
      }
    })
  },
  signalAll: signalAllThreads,
  async killAll() {
    await killAllThreads()
    await shutdownAppServers()
  },
  reap: reapAgentProcesses,
}

// For the engine index, which loads this module lazily.
export {NEWEST_TESTED_CODEX_VERSION} from './protocol.js'
