import {mkdtemp, rm} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {Readable} from 'node:stream'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {CodexMcpError} from '../../../src/errors.js'
import {agentsForTasks, lineColumn, parseTasksFile, readTasksFile, taskLabel} from '../../../src/parallel/tasks-file.js'

/** The error's message, or a failure when nothing was thrown. */
function problem(text: string, source = 'tasks.json'): string {
  try {
    parseTasksFile(text, source)
  } catch (error) {
    expect(error).toBeInstanceOf(CodexMcpError)
    expect((error as CodexMcpError).kind).toBe('invalid-input')
    return (error as CodexMcpError).shortMessage
  }
  throw new Error(`expected ${JSON.stringify(text)} to be rejected`)
}

describe('parseTasksFile', () => {
  it('takes a JSON array of tasks', () => {
    const parsed = parseTasksFile(JSON.stringify([{prompt: 'a'}, {prompt: 'b', name: 'bee', model: 'm', timeoutMs: 5}]), 'tasks.json')
    expect(parsed).toEqual({source: 'tasks.json', tasks: [{prompt: 'a'}, {prompt: 'b', name: 'bee', model: 'm', timeoutMs: 5}]})
  })

  it('takes durations as "10m", "90s", "1h" or numeric strings', () => {
    const parsed = parseTasksFile(JSON.stringify({defaults: {timeoutMs: '10m'}, tasks: [{prompt: 'a', timeoutMs: '90s'}, {prompt: 'b', timeoutMs: '1500'}]}), 'x.json')
    expect(parsed.defaults).toEqual({timeoutMs: 600_000})
    expect(parsed.tasks.map((task) => task.timeoutMs)).toEqual([90_000, 1500])
  })

  it('takes {defaults, tasks}', () => {
    const parsed = parseTasksFile(JSON.stringify({defaults: {sandbox: 'read-only', cwd: 'pkg'}, tasks: [{prompt: 'a'}]}), 'x.json')
    expect(parsed.defaults).toEqual({sandbox: 'read-only', cwd: 'pkg'})
    expect(parsed.tasks).toEqual([{prompt: 'a'}])
  })

  it('takes JSON Lines by extension, skipping blank lines and CRLF', () => {
    const parsed = parseTasksFile('{"prompt": "a"}\r\n\r\n{"prompt": "b"}\r\n', 'tasks.jsonl')
    expect(parsed.tasks.map((t) => t.prompt)).toEqual(['a', 'b'])
  })

  it('recognises JSON Lines without the extension (stdin)', () => {
    expect(parseTasksFile('{"prompt": "a"}\n{"prompt": "b"}', 'stdin').tasks).toHaveLength(2)
  })

  it('takes one task on one line (jq -c \'.[]\' of a one-task file) as one task', () => {
    expect(parseTasksFile('{"prompt": "a", "name": "only"}\n', 'stdin').tasks).toEqual([{prompt: 'a', name: 'only'}])
    expect(problem('{"prompt": "a", "promt": "b"}\n', 'stdin')).toContain('tasks[0]: Unrecognized key: "promt"')
  })

  it('keeps a prompt byte for byte and ignores a BOM', () => {
    const prompt = '  --version\n\t"quoted" $(id)\n'
    expect(parseTasksFile(`\uFEFF${JSON.stringify([{prompt}])}`, 'stdin').tasks[0].prompt).toBe(prompt)
  })

  it.each([
    ['not JSON', 'hello world', /^Invalid tasks file tasks\.json:\n {2}JSON syntax error at line 1, column 1: Unexpected token 'h'$/],
    ['a syntax error deep in the file', '[\n  {"prompt": "a"},\n  {"prompt": "b" "name": "x"}\n]', /at line 3, column 18: Expected ',' or '}' after property value$/],
    ['a trailing comma', '[{"prompt": "a"},\n]', /at line 2, column 1: Unexpected token '\]'/],
    ['a truncated file', '[{"prompt": "a"},\n', /at line 2, column 1: Unexpected end of JSON input/],
    ['an empty file', '  \n', /the file is empty/],
    ['a missing prompt at index 2', JSON.stringify([{prompt: 'a'}, {prompt: 'b'}, {name: 'c'}]), /\n {2}tasks\[2\]\.prompt: Required/],
    ['a blank prompt', JSON.stringify([{prompt: '  \n'}]), /tasks\[0\]\.prompt: must not be empty/],
    ['a prompt of the wrong type', JSON.stringify({tasks: [{prompt: 3}]}), /tasks\[0\]\.prompt: Invalid input: expected string, received number, got `3` \(number\)/],
    ['an unknown field', JSON.stringify([{prompt: 'a', promt: 'b'}]), /tasks\[0\]: Unrecognized key: "promt"/],
    ['an unknown top-level key', JSON.stringify({task: [{prompt: 'a'}]}), /Unrecognized key: "task"/],
    ['a timeout longer than a timer holds', JSON.stringify([{prompt: 'a', timeoutMs: '600h'}]), /\[0\]\.timeoutMs: Expected a duration of at most 2147483647 ms/],
    ['a bad default', JSON.stringify({defaults: {timeoutMs: -1}, tasks: [{prompt: 'a'}]}), /defaults\.timeoutMs: Expected a positive duration, got `-1`/],
    ['a prompt in defaults', JSON.stringify({defaults: {prompt: 'x'}, tasks: [{prompt: 'a'}]}), /defaults: Unrecognized key: "prompt"/],
    ['an empty array', '[]', /tasks: no tasks/],
    ['a bare string', '"do it"', /\(top level\): expected a JSON array of tasks .* got string/],
  ])('rejects %s', (_, text, pattern) => {
    expect(problem(text)).toMatch(pattern)
  })

  it('lists every problem, not just the first', () => {
    const message = problem(JSON.stringify([{name: 'a'}, {prompt: 'b', sandbox: 'yolo'}, {prompt: 'c', extra: 1}]))
    expect(message.split('\n').slice(1)).toEqual([
      '  tasks[0].prompt: Required: what the agent should do',
      expect.stringMatching(/^ {2}tasks\[1\]\.sandbox: Invalid option/),
      '  tasks[2]: Unrecognized key: "extra"',
    ])
  })

  it('names the line of a JSON Lines problem', () => {
    expect(problem('{"prompt": "a"}\n\n{"prompt": "b",}\n', 'tasks.jsonl')).toMatch(/JSON syntax error at line 3, column 16/)
    expect(problem('{"prompt": "a"}\n\n{"name": "b"}\n', 'tasks.jsonl')).toMatch(/tasks\[1\]\.prompt: Required: what the agent should do \(line 3\)/)
  })
})

describe('readTasksFile', () => {
  it('reads stdin for -', async () => {
    const loaded = await readTasksFile('-', Readable.from(['[{"prompt": ', '"from stdin"}]']))
    expect(loaded).toMatchObject({source: 'stdin', tasks: [{prompt: 'from stdin'}]})
  })

  it('says when the file does not exist', async () => {
    await expect(readTasksFile('/no/such/tasks.json')).rejects.toMatchObject({kind: 'invalid-input', shortMessage: 'Cannot read tasks file /no/such/tasks.json: no such file'})
  })
})

describe('agentsForTasks', () => {
  let dir: string
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'codex-mcp-tasks-'))
  })
  afterAll(() => rm(dir, {recursive: true, force: true}))

  it('layers config and flags < file defaults < task fields, through resolveRunOptions', () => {
    const loaded = parseTasksFile(
      JSON.stringify({defaults: {model: 'from-defaults', sandbox: 'read-only'}, tasks: [{prompt: 'a'}, {prompt: 'b', model: 'from-task', name: 'bee'}]}),
      'tasks.json',
    )
    const agents = agentsForTasks(loaded, {model: 'from-flags', timeoutMs: 1234, profile: 'p', cwd: dir}, {baseCwd: '/'})
    expect(agents.map((a) => [a.name, a.label, a.options.model, a.options.sandbox, a.options.timeoutMs, a.options.profile, a.options.cwd])).toEqual([
      [undefined, 'a', 'from-defaults', 'read-only', 1234, 'p', dir],
      ['bee', 'bee', 'from-task', 'read-only', 1234, 'p', dir],
    ])
  })

  it('checks every working directory before anything runs', () => {
    const loaded = parseTasksFile(JSON.stringify([{prompt: 'a', cwd: 'missing'}, {prompt: 'b'}, {prompt: 'c', cwd: 'also-missing'}]), 'tasks.json')
    expect(() => agentsForTasks(loaded, {}, {baseCwd: dir})).toThrow(
      new RegExp(`tasks\\[0\\]\\.cwd: working directory does not exist or is not a directory: ${dir}/missing\\n {2}tasks\\[2\\]\\.cwd: .*also-missing`),
    )
  })
})

describe('helpers', () => {
  it('lineColumn is 1-based', () => {
    expect(lineColumn('ab\ncd', 0)).toEqual({line: 1, column: 1})
    expect(lineColumn('ab\ncd', 4)).toEqual({line: 2, column: 2})
  })

  it('taskLabel prefers the name, else shortens the prompt\'s first line', () => {
    expect(taskLabel({name: 'fix-auth', prompt: 'x'})).toBe('fix-auth')
    expect(taskLabel({prompt: '  Write   tests\nfor everything'})).toBe('Write tests')
    expect(taskLabel({prompt: 'x'.repeat(50)})).toBe(`${'x'.repeat(39)}…`)
  })
})
