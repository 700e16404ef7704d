import type {RunOptions} from './run-options.js'

function tomlValue(value: string | number | boolean): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value)
}

/**
 * `codex exec` arguments. The prompt is never on argv: it goes to stdin (`-`), which is then closed — a
 * prompt on argv with an open stdin hangs Codex, and one starting with `--` becomes a flag.
 */
export function buildExecArgs(options: RunOptions): string[] {
  const args = ['exec', '--json', '--cd', options.cwd, '--skip-git-repo-check']
  if (options.sandbox === 'danger-full-access') args.push('--dangerously-bypass-approvals-and-sandbox')
  else args.push('--sandbox', options.sandbox)
  if (options.model) args.push('-m', options.model)
  if (options.profile) args.push('-p', options.profile)
  if (options.reasoningEffort) args.push('-c', `model_reasoning_effort=${tomlValue(options.reasoningEffort)}`)
  for (const [key, value] of Object.entries(options.configOverrides)) args.push('-c', `${key}=${tomlValue(value)}`)
  if (options.outputSchemaFile) args.push('--output-schema', options.outputSchemaFile)
  if (options.resumeThreadId) args.push('resume', options.resumeThreadId)
  args.push('-')
  return args
}
