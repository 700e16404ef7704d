import * as z from 'zod'

import {agentSettingsSchema, configSchema, defaults} from './settings-table.js'

export * from './values.js'
export {agentSettingsSchema, configSchema, defaults}
export const DEFAULT_ENGINE = defaults.engine
export type AgentSettings = z.infer<typeof agentSettingsSchema>
export type Config = z.infer<typeof configSchema>

/** Codex 0.169 rejects longer input with a backtrace; we say so before starting it. */
export const MAX_PROMPT_CHARS = 1_048_576

/** Characters as Codex counts them (Unicode code points), not UTF-16 units: an emoji is one, not two. */
export function countChars(text: string): number {
  let pairs = 0
  for (let i = 0; i < text.length - 1; i++) {
    const code = text.charCodeAt(i)
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = text.charCodeAt(i + 1)
      if (next >= 0xdc00 && next <= 0xdfff) {
        pairs++
        i++
      }
    }
  }
  return text.length - pairs
}

export const promptSchema = z
  .string({error: (issue) => (issue.input === undefined ? 'Required: what the agent should do' : undefined)})
  .min(1, {message: 'must not be empty: give the agent something to do', abort: true})
  .refine((prompt) => prompt.trim() !== '', 'must not be empty: give the agent something to do')
  .refine((prompt) => prompt.length <= MAX_PROMPT_CHARS || countChars(prompt) <= MAX_PROMPT_CHARS, {message: `is longer than Codex accepts (${MAX_PROMPT_CHARS} characters)`})
  .describe('The complete task for the agent. It sees nothing of your conversation: include file paths, constraints and what "done" means.')

/**
 * One agent of a batch: what to do, a label, and the shared settings. The same schema for
 * `spawn_agents_parallel`'s agents and a tasks file's tasks.
 */
export const agentTaskSchema = agentSettingsSchema.extend({
  prompt: promptSchema,
  name: z.string().min(1).max(200).optional().describe('A short label for this agent, shown in progress, results and output file names.'),
})
export type AgentTask = z.infer<typeof agentTaskSchema>
