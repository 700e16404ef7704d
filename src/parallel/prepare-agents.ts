import type {AgentTask, Config} from '../config/schema.js'
import {type AgentOutcome, failed} from '../runner/agent-outcome.js'
import {resolveRunOptions} from '../runner/run-options.js'
import type {ParallelAgent} from './run-parallel.js'

export interface PreparedAgents {
  /** The agents whose options resolved, with their position in the request. */
  runnable: Array<ParallelAgent & {index: number}>
  /** Position → the failure of an agent whose options did not resolve (it never runs). */
  invalid: Map<number, AgentOutcome>
}

/** Resolves every agent of a batch through the one options funnel; one bad agent does not stop the others. */
export function prepareAgents(config: Config, agents: Array<AgentTask & {threadId?: string}>, baseCwd: string): PreparedAgents {
  const prepared: PreparedAgents = {runnable: [], invalid: new Map()}
  agents.forEach(({name, threadId, ...settings}, index) => {
    try {
      prepared.runnable.push({index, name, options: resolveRunOptions(config, {...settings, resumeThreadId: threadId}, {baseCwd})})
    } catch (error) {
      prepared.invalid.set(index, failed(error, 0))
    }
  })
  return prepared
}
