import {modelNameSchema, profileNameSchema, THREAD_ID_PATTERN} from '../config/schema.js'
import {CodexMcpError} from '../errors.js'
import type {RunOptions} from './run-options.js'

function tomlValue(value: string | number | boolean): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value)
}

/** Last line of defence: a value that fails its kind never reaches Codex's argv, whoever built the options. */
function assertKind(field: string, ok: boolean, value: string): void {
  if (!ok) throw new CodexMcpError(`${field} ${JSON.stringify(value.slice(0, 80))} is not valid here.`, {kind: 'invalid-input'})
}

/**
 * `codex exec` arguments. The prompt is never on argv: it goes to stdin (`-`), which is then closed — a
 * prompt on argv with an open stdin hangs Codex, and one starting with `--` becomes a flag. Every value rides
 * in a `--flag=value` token and positionals follow `--`, so no value can ever parse as a flag of its own.
 */
export function buildExecArgs(options: RunOptions): string[] {
  const args = ['exec', '--json', `--cd=${options.cwd}`, '--skip-git-repo-check']
  if (options.sandbox === 'danger-full-access') args.push('--dangerously-bypass-approvals-and-sandbox')
  else args.push(`--sandbox=${options.sandbox}`)
  if (options.model) {
    assertKind('model', modelNameSchema.safeParse(options.model).success, options.model)
    args.push(`--model=${options.model}`)
  }
  if (options.profile) {
    assertKind('profile', profileNameSchema.safeParse(options.profile).success, options.profile)
    args.push(`--profile=${options.profile}`)
  }
  if (options.reasoningEffort) args.push(`--config=model_reasoning_effort=${tomlValue(options.reasoningEffort)}`)
  for (const [key, value] of Object.entries(options.configOverrides)) args.push(`--config=${key}=${tomlValue(value)}`)
  if (options.outputSchemaFile) args.push(`--output-schema=${options.outputSchemaFile}`)
  if (options.resumeThreadId) {
    assertKind('threadId', THREAD_ID_PATTERN.test(options.resumeThreadId), options.resumeThreadId)
    args.push('resume', '--', options.resumeThreadId, '-')
  } else {
    args.push('--', '-')
  }
  return args
}
