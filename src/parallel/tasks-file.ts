import {type ParseError, parse as parseJsonc, printParseErrorCode} from 'jsonc-parser'
import {readFile} from 'node:fs/promises'
import {text as readStream} from 'node:stream/consumers'
import * as z from 'zod'

import {formatZodIssues} from '../config/format-issues.js'
import {type AgentSettings, agentSettingsSchema, agentTaskSchema, type Config} from '../config/schema.js'
import {CodexMcpError} from '../errors.js'
import {isDirectory} from '../runner/is-directory.js'
import type {Purpose} from '../runner/engines/select.js'
import {resolveRunOptions} from '../runner/run-options.js'
import type {ParallelAgent} from './run-parallel.js'

/** One task: the same schema as `spawn_agents_parallel`'s agents, with unknown fields refused. */
export const taskSchema = agentTaskSchema.strict()
export type Task = z.infer<typeof taskSchema>

/** `{defaults, tasks}`: a JSON array of tasks is the same with no defaults. */
export const tasksFileSchema = z
  .object({
    defaults: agentSettingsSchema.strict().optional().describe('Settings for every task; a task\'s own fields win.'),
    tasks: z.array(taskSchema).min(1, 'no tasks: the file needs at least one task'),
  })
  .strict()
export type TasksFile = z.infer<typeof tasksFileSchema>

export interface LoadedTasks extends TasksFile {
  /** Where the tasks came from, for messages: the path as given, or "stdin". */
  source: string
}

const invalid = (source: string, problems: string[], fix?: string) =>
  new CodexMcpError(`Invalid tasks file ${source}:\n  ${problems.join('\n  ')}`, {
    kind: 'invalid-input',
    fix: fix ?? 'Correct the entries above; the format is in the README ("Run many agents").',
  })

/** 1-based line and column of a character offset. */
export function lineColumn(text: string, offset: number): {line: number; column: number} {
  const before = text.slice(0, offset)
  const line = before.split('\n').length
  return {line, column: offset - (before.lastIndexOf('\n') + 1) + 1}
}

/**
 * Where JSON.parse gave up. V8's messages carry a position only sometimes (not for "Unexpected token"), so a
 * strict jsonc-parser pass locates it.
 */
function syntaxProblem(text: string, error: unknown): {offset?: number; message: string} {
  const v8 = error instanceof Error ? error.message : String(error)
  const errors: ParseError[] = []
  parseJsonc(text, errors, {disallowComments: true, allowTrailingComma: false, allowEmptyContent: false})
  const first = errors[0]
  const atPosition = /at position (\d+)/.exec(v8)
  const offset = first ? first.offset : atPosition ? Number(atPosition[1]) : undefined
  // V8's own words read best; drop its position and its echo of the whole input.
  let message = v8
    .replace(/\s*in JSON at position \d+(?: \(line \d+ column \d+\))?/, '')
    .replace(/, "[\s\S]*" is not valid JSON$/, '')
  if (message === v8 && first && !/Unexpected end/.test(v8)) message = `${v8} (${printParseErrorCode(first.error)})`
  return {offset, message}
}

function parseJson(text: string): {ok: true; value: unknown} | {ok: false; error: unknown} {
  try {
    return {ok: true, value: JSON.parse(text)}
  } catch (error) {
    return {ok: false, error}
  }
}

const isJsonLinesName = (source: string) => /\.(jsonl|ndjson)$/i.test(source)

/** JSON Lines: one task per non-empty line. `[lineNumber, task]` pairs so errors can name the line. */
function parseJsonLines(text: string, source: string): Array<{line: number; value: unknown}> {
  const records: Array<{line: number; value: unknown}> = []
  const lines = text.split('\n')
  for (const [i, raw] of lines.entries()) {
    const line = raw.replace(/\r$/, '')
    if (line.trim() === '') continue
    const parsed = parseJson(line)
    if (!parsed.ok) {
      const {offset, message} = syntaxProblem(line, parsed.error)
      const column = offset === undefined ? '' : `, column ${offset + 1}`
      throw invalid(source, [`JSON syntax error at line ${i + 1}${column}: ${message}`], 'Each line of a JSON Lines file must be one complete JSON object (one task).')
    }
    records.push({line: i + 1, value: parsed.value})
  }
  return records
}

/**
 * Parses and validates a tasks file: a JSON array of tasks, an object `{defaults, tasks}`, or JSON Lines (one
 * task per line; `.jsonl`/`.ndjson`, or any input whose lines are JSON objects). Throws one `invalid-input`
 * error naming the source, every bad JSON path (`tasks[2].prompt: …`) and, for syntax errors, line and column.
 */
export function parseTasksFile(input: string, source: string): LoadedTasks {
  const text = input.replace(/^\uFEFF/, '')
  if (text.trim() === '') throw invalid(source, ['the file is empty: expected a JSON array of tasks'])

  let raw: unknown
  let linesOf: number[] | undefined
  const whole = isJsonLinesName(source) ? undefined : parseJson(text)
  if (whole?.ok) {
    raw = whole.value
  } else {
    const firstLine = text.split('\n').find((line) => line.trim() !== '') ?? ''
    const firstParsed = parseJson(firstLine)
    const looksLikeLines = isJsonLinesName(source) || (firstParsed.ok && isPlainObject(firstParsed.value) && text.trim().includes('\n'))
    if (!looksLikeLines) {
      const {offset, message} = syntaxProblem(text, whole?.ok === false ? whole.error : undefined)
      const where = offset === undefined ? '' : (({line, column}) => ` at line ${line}, column ${column}`)(lineColumn(text, offset))
      throw invalid(source, [`JSON syntax error${where}: ${message}`], 'Fix the JSON syntax (a JSON array of tasks, an object {"defaults", "tasks"}, or JSON Lines).')
    }
    const records = parseJsonLines(text, source)
    raw = records.map((record) => record.value)
    linesOf = records.map((record) => record.line)
  }

  let candidate: unknown
  if (Array.isArray(raw)) candidate = {tasks: raw}
  // One task on its own (`jq -c '.[]' one.json | codex-mcp parallel -`): JSON Lines with one line.
  else if (isPlainObject(raw) && 'prompt' in raw && !('tasks' in raw)) candidate = {tasks: [raw]}
  else if (isPlainObject(raw)) candidate = raw
  else {
    throw invalid(source, [`(top level): expected a JSON array of tasks or an object {"defaults": {…}, "tasks": […]}, got ${raw === null ? 'null' : typeof raw}`])
  }

  const parsed = tasksFileSchema.safeParse(candidate)
  if (!parsed.success) {
    let problems = formatZodIssues(parsed.error, candidate)
    if (linesOf) {
      // Point JSON Lines problems at their line too.
      problems = parsed.error.issues.map((issue, i) => {
        const index = issue.path[0] === 'tasks' ? issue.path[1] : undefined
        return typeof index === 'number' && linesOf?.[index] ? `${problems[i]} (line ${linesOf[index]})` : problems[i]
      })
    }
    throw invalid(source, problems)
  }
  return {...parsed.data, source}
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Reads a tasks file from a path, or stdin for `-`. */
export async function readTasksFile(file: string, stdin: NodeJS.ReadableStream = process.stdin): Promise<LoadedTasks> {
  if (file === '-') return parseTasksFile(await readStream(stdin), 'stdin')
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (error as Error).message
    throw new CodexMcpError(`Cannot read tasks file ${file}: ${why}`, {kind: 'invalid-input', fix: 'Pass the path of a JSON tasks file, or - to read it from stdin.'})
  }
  return parseTasksFile(text, file)
}

/** What progress and the summary call a task: its name, else its prompt's first line, shortened. */
export function taskLabel(task: Pick<Task, 'name' | 'prompt'>, max = 40): string {
  if (task.name) return task.name
  const line = task.prompt.trim().split('\n')[0].replace(/\s+/g, ' ')
  return line.length > max ? `${line.slice(0, max - 1)}…` : line
}

export interface TaskAgent extends ParallelAgent {
  label: string
}

/**
 * Tasks → run options through the one options funnel: config and flags (`config`) < the file's `defaults` <
 * the task's own fields. Checks every task's working directory up front, so a typo stops the batch before any
 * agent starts.
 */
export function agentsForTasks(loaded: LoadedTasks, config: Config, context: {baseCwd?: string; purpose?: Purpose} = {}): TaskAgent[] {
  const problems: string[] = []
  const agents: TaskAgent[] = []
  for (const [index, task] of loaded.tasks.entries()) {
    const {name, prompt, ...own} = task
    const settings: AgentSettings & {prompt: string} = {...loaded.defaults, ...definedOnly(own), prompt}
    const where = `tasks[${index}]`
    try {
      const options = resolveRunOptions(config, settings, context)
      if (!isDirectory(options.cwd)) {
        const from = own.cwd !== undefined ? `${where}.cwd` : loaded.defaults?.cwd !== undefined ? 'defaults.cwd' : '--cd (or the config\'s cwd)'
        problems.push(`${from}: working directory does not exist or is not a directory: ${options.cwd}`)
      }
      agents.push({name, options, label: taskLabel(task)})
    } catch (error) {
      problems.push(`${where}: ${error instanceof CodexMcpError ? error.shortMessage : String(error)}`)
    }
  }
  if (problems.length > 0) throw invalid(loaded.source, [...new Set(problems)])
  return agents
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>
}
