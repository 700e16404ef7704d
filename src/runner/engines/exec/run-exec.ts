import {randomUUID} from 'node:crypto'

import {mkdtemp, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import path from 'node:path'

import {defaults} from '../../../config/schema.js'
import {CodexMcpError} from '../../../errors.js'
import {assertDirectory, codexBinaryFor} from '../../codex-binary.js'
import {parseEventLine} from '../../events.js'
import {buildExecArgs} from '../../exec-args.js'
import {LineSplitter} from '../../line-splitter.js'
import {AGENT_MARKER, AgentProcessTree, agentMarker, killTreesSync, reapAgentProcesses, terminateMembers, treeSampler} from '../../process-tree.js'
import type {RunOptions} from '../../run-options.js'
import {supervised} from '../../supervisor.js'
import {TailBuffer} from '../../tail-buffer.js'
import {runLifecycle} from '../lifecycle.js'
import type {AgentRun, Engine, RunHooks} from '../types.js'

/** A Codex event line longer than this is skipped (with a notice on the result): memory stays bounded. */
// Loaded on the first agent, not at start-up: execa is a third of `serve`'s cold start (npm run bench).
let execaModule: Promise<typeof import('execa')> | undefined
const running = new Set<AgentProcessTree>()

// A last resort when the process exits with agents still running (a crash, process.exit): nothing may outlive us.
process.once('exit', () => killTreesSync([...running]))

/** Kills every agent this engine is running (server shutdown, Ctrl-C). */
async function killAllAgents(): Promise<void> {
  terminateMembers([...running])
  await Promise.all([...running].map((tree) => tree.kill()))
}

/** SIGTERM to every member of every running agent's tree, from one look at /proc: the first step of a shutdown. */
function signalAllAgents(): void {
  terminateMembers([...running])
}

/** Runs one Codex agent (`codex exec --json … -`, prompt on stdin) to the end. Throws `CodexMcpError`. */
function runCodexExec(options: RunOptions, hooks: RunHooks): Promise<AgentRun> {
  const started = Date.now()
  return runLifecycle(options, hooks, async (life) => {
    assertDirectory(options.cwd)
    const binary = codexBinaryFor(options)
    const agentId = randomUUID()
    const {execa} = await (execaModule ??= import('execa'))
    const command = supervised(binary.file, [...binary.args, ...buildExecArgs(options)], options.env)
    const child = execa(command.file, command.args, {
      input: options.prompt,
      cwd: options.cwd,
      env: {...options.env, ...binary.env, [AGENT_MARKER]: agentId},
      extendEnv: false,
      detached: true,
      buffer: false,
      reject: false,
      stripFinalNewline: false,
    })

    const stderr = new TailBuffer(16 * 1024)
    life.stderrTail = () => stderr.toString()
    const tree = child.pid ? new AgentProcessTree(child.pid, agentMarker(agentId)) : undefined
    if (tree) {
      running.add(tree)
      treeSampler.add(tree)
      try {
        hooks.onSpawn?.({pid: tree.rootPid, agentId})
      } catch {}
    }
    life.started({kill: () => tree?.kill() ?? Promise.resolve()})
    // The supervisor killed on its own (a signal we did not send: the OOM killer) while the agent's processes
    // live on: its parent-death signal has told Codex, and the call fails now, not at the end of Codex's turn.
    if (tree && command.file !== binary.file) {
      child.once('exit', (_code, signal) => {
        if (!signal || life.stopReason || tree.members().length === 0) return
        life.stop('engine-crashed', `The agent's supervisor process (pid ${tree.rootPid}) was killed by ${signal} (out of memory?); its Codex and every process it started were stopped`)
      })
    }

    // Always drain both pipes to the end: Codex panics on a closed pipe and the turn is lost.
    child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk.toString('utf8')))
    const onLine = (line: string) => {
      const event = parseEventLine(line)
      if (event) life.observe(event)
    }
    const maxLineBytes = options.maxEventLineBytes ?? defaults.maxEventLineBytes
    const lines = new LineSplitter(maxLineBytes, onLine, (bytes) =>
      life.outcome.notice(`Skipped a Codex event line of ${bytes} bytes (over the ${maxLineBytes}-byte limit, maxEventLineBytes); what it said is not in this result.`),
    )
    child.stdout?.on('data', (chunk: Buffer) => lines.push(chunk))
    const linesClosed = child.stdout ? new Promise<void>((resolve) => child.stdout!.once('close', resolve)).then(() => lines.end()) : Promise.resolve()

    const result = await child
    await linesClosed
    await life.killed()
    // After a normal finish, what the agent deliberately left running (a dev server) stays, as with Codex
    // itself; killing Codex's own shell-snapshot helper there would leave its login shell's locks behind.
    if (tree) {
      treeSampler.delete(tree)
      running.delete(tree)
    }
    return () => {
      if (result.failed && result.exitCode === undefined && !result.isTerminated) {
        throw new CodexMcpError(`Could not start Codex (${binary.file}): ${result.originalMessage ?? result.shortMessage}`, {
          kind: 'spawn-failed',
          fix: 'Check that the codex binary is executable, or reinstall it: npm install -g @openai/codex@latest',
        })
      }
      return life.outcome.finish({exitCode: result.exitCode ?? null, signal: result.signal ?? null, stderrTail: stderr.toString(), durationMs: Date.now() - started})
    }
  })
}

/** `codex exec --output-schema` takes a file: a private copy for the agent's lifetime. */
async function runExecAgent(options: RunOptions, hooks: RunHooks): Promise<AgentRun> {
  if (!options.outputSchema) return runCodexExec(options, hooks)
  const dir = await mkdtemp(path.join(tmpdir(), 'codex-mcp-schema-'))
  try {
    const file = path.join(dir, 'output-schema.json')
    await writeFile(file, JSON.stringify(options.outputSchema), {mode: 0o600})
    return await runCodexExec({...options, outputSchemaFile: file}, hooks)
  } finally {
    await rm(dir, {recursive: true, force: true})
  }
}

/** A fresh `codex exec` per agent: runs every agent any Codex can run. */
export const execEngine: Engine = {
  name: 'exec',
  cannotRun: async () => undefined,
  run: (options, hooks) => runExecAgent(options, hooks),
  signalAll: signalAllAgents,
  killAll: killAllAgents,
  reap: reapAgentProcesses,
}
