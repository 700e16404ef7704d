import type {Config} from '../config/schema.js'
import type {AgentOutcome} from '../runner/agent-outcome.js'
import type {RunOptions} from '../runner/run-options.js'
import {readPrompt} from './read-prompt.js'
import {loadSettings, type SettingsFlagValues} from './settings.js'
import {exitCodeFor} from './usage-error.js'

/** `spawn`'s flag values, as oclif or the fast parser (src/cli/fast-spawn.ts) give them. */
export type SpawnFlagValues = SettingsFlagValues & {'prompt-file'?: string; resume?: string; json?: boolean; quiet?: boolean}

/** What `spawn` prints through: the oclif command's log/logToStderr, or plain writes on the fast path. */
export interface SpawnOutput {
  log(text: string): void
  logToStderr(text: string): void
}

export interface PreparedSpawn {
  config: Config
  options: RunOptions
}

/**
 * `spawn`'s checks, before anything starts: the config file with the flags on top, then the prompt (the
 * argument, `-` for stdin, or --prompt-file), then the agent's run options. Throws `CodexMcpError` on bad input.
 */
export async function prepareSpawn(promptArg: string | undefined, flags: SpawnFlagValues): Promise<PreparedSpawn> {
  const [{config}, {resolveRunOptions}] = await Promise.all([loadSettings(flags), import('../runner/run-options.js')])
  const prompt = await readPrompt(promptArg, flags['prompt-file'])
  return {config, options: resolveRunOptions(config, {prompt, resumeThreadId: flags.resume}, {purpose: 'spawn'})}
}

/**
 * What `codex-mcp spawn` does once its input is checked, free of oclif: the command and the fast start in
 * bin/run.js both come here. Runs the agent (Ctrl-C stops it), shows progress on stderr, prints the final
 * message (or the outcome as JSON) on stdout. `exitCode` is set when the agent failed.
 */
export async function runSpawn({config, options}: PreparedSpawn, flags: SpawnFlagValues, out: SpawnOutput): Promise<{outcome: AgentOutcome; exitCode?: number}> {
  // Loaded here rather than at the top: the command set (src/commands.ts) and the fast parser import this module.
  const [{stderrProgress}, {settleAgentRun}, {describeEvent}, {describeChanges}, {terminalApprover}, {processTree}] = await Promise.all([
    import('./stderr-progress.js'),
    import('../workspaces/settle.js'),
    import('../runner/describe-event.js'),
    import('../workspaces/describe.js'),
    import('./terminal-approver.js'),
    import('../runner/nesting/current.js'),
  ])
  const controller = new AbortController()
  const interrupt = () => controller.abort()
  process.once('SIGINT', interrupt)
  process.once('SIGTERM', interrupt)
  const progress = stderrProgress('codex agent', {quiet: flags.quiet || flags.json})
  // With nesting allowed (maxDepth > 1) the agent takes a slot of the tree's budget (src/runner/nesting/budget.ts).
  const budget = processTree(config, process.cwd()).budget
  const release = await budget?.acquire(controller.signal)
  const outcome = await settleAgentRun(options, {
    signal: controller.signal,
    onApproval: terminalApprover((ask) => progress.pause(ask)),
    onEvent(event) {
      const text = describeEvent(event)
      if (text) progress.update(text)
    },
  }).finally(() => {
    release?.()
    budget?.dispose()
  })
  process.off('SIGINT', interrupt)
  process.off('SIGTERM', interrupt)
  await progress.stop(outcome.status === 'succeeded' ? 'done' : outcome.status)

  if (flags.json) out.log(JSON.stringify(outcome, null, 2))
  else if (outcome.status === 'succeeded') out.log(outcome.output)
  const changes = describeChanges(outcome, 'cli')
  if (changes && !flags.json && !flags.quiet) out.logToStderr(changes)
  if (!outcome.error) return {outcome}
  if (!flags.json) {
    out.logToStderr(`Error: ${outcome.error.message}`)
    if (outcome.error.fix) out.logToStderr(`Fix: ${outcome.error.fix}`)
  }
  return {outcome, exitCode: exitCodeFor(outcome.error.kind)}
}

