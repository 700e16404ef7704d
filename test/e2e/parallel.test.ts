import {mkdtemp, readFile, readdir, writeFile} from 'node:fs/promises'
import path from 'node:path'
import {z} from 'zod'
import {describe, expect, it} from 'vitest'

import {parallelEntrySchema} from '../../src/parallel/run-parallel.js'
import {runCli} from '../support/cli.js'
import {useStubRig} from '../support/stub-rig.js'
import {type CodexHome, createCodexHome} from '../support/codex-home.js'
import {startStubProvider} from '../support/stub-provider.js'
import {treePids, treeScript, treeStarted} from '../support/agent-tree.js'
import {isAlive, processesWithEnv, waitFor} from '../support/processes.js'
import {engine} from '../support/engine.js'

/** Tasks-file validation starts no agent: once is enough (see test/support/engine.ts). */
const describeOnceConcurrent = engine === 'app-server' ? describe.skip : describe.concurrent

const ANSI = /\u001B\[/
const resultsSchema = z.array(parallelEntrySchema)

const rig = useStubRig('parallel')

let fileCount = 0
async function tasksFile(content: unknown, ext = 'json'): Promise<string> {
  const file = path.join(rig.work, `tasks-${++fileCount}.${ext}`)
  await writeFile(file, typeof content === 'string' ? content : JSON.stringify(content, null, 2))
  return file
}

const parallel = (args: string[], extra: Parameters<typeof runCli>[1] & {codexHome?: CodexHome} = {}) => {
  const {codexHome = rig.home, ...rest} = extra
  return runCli(['parallel', ...args], {...rest, env: {...codexHome.env, ...rest.env}})
}

const unique = () => Math.random().toString(36).slice(2, 8)
/** Errors are printed unwrapped, so a long path stays whole whatever TMPDIR and the terminal's width are. */
const errorText = (result: {stderr: unknown}) => String(result.stderr)

describe('codex-mcp parallel (real Codex, stub provider)', () => {
  it('runs 4 tasks 2 at a time, results in task order, flags as defaults under task fields', async () => {
    // A stub of its own: peakConcurrency must count this batch only.
    const own = await startStubProvider()
    const ownHome = await createCodexHome(own.url)
    try {
      const id = unique()
      // Finishing order differs from task order: 0 and 2 are the slow ones.
      const delays = [700, 100, 500, 100]
      const file = await tasksFile({
        defaults: {timeoutMs: 60_000},
        tasks: delays.map((ms, i) => ({
          name: `task ${i}`,
          prompt: `[[slow:${ms}]][[reply:answer ${i} ${id}]] task-${i}-${id}`,
          ...(i === 1 ? {model: 'task-model'} : {}),
        })),
      })
      const outDir = path.join(rig.work, `out-${id}`)
      const result = await parallel(['--json', '--concurrency', '2', '--model', 'flag-model', '--output-dir', outDir, file], {codexHome: ownHome})
      expect(result.exitCode, String(result.stderr)).toBe(0)

      const entries = resultsSchema.parse(JSON.parse(String(result.stdout)))
      expect(entries.map((e) => [e.index, e.name, e.status, e.output])).toEqual(delays.map((_, i) => [i, `task ${i}`, 'succeeded', `answer ${i} ${id}`]))
      expect(entries.every((e) => e.usage?.totalTokens === 110 && e.threadId)).toBe(true)
      expect(own.peakConcurrency).toBe(2)
      expect(own.requestsFor(`task-1-${id}`)[0].body.model).toBe('task-model')
      for (const i of [0, 2, 3]) expect(own.requestsFor(`task-${i}-${id}`)[0].body.model).toBe('flag-model')

      expect((await readdir(outDir)).sort()).toEqual(['1-task-0.md', '2-task-1.md', '3-task-2.md', '4-task-3.md', 'results.json'])
      expect(await readFile(path.join(outDir, '3-task-2.md'), 'utf8')).toBe(`answer 2 ${id}\n`)
      expect(JSON.parse(await readFile(path.join(outDir, 'results.json'), 'utf8'))).toEqual(entries)
      expect(result.stderr).not.toMatch(ANSI)
    } finally {
      await own.close()
      await ownHome.cleanup()
    }
  })

  it('reads JSON Lines from stdin; one failing task exits 1 and the others\' outputs are in the summary', async () => {
    const id = unique()
    const lines = [
      {name: 'good-a', prompt: `[[reply:alpha ${id}]] a`},
      {name: 'broken', prompt: `[[status:400]] b ${id}`},
      {prompt: `[[reply:gamma ${id}]] third task`},
    ]
      .map((task) => JSON.stringify(task))
      .join('\n')
    const result = await parallel(['-'], {input: lines})
    expect(result.exitCode).toBe(1)
    const stdout = String(result.stdout)
    expect(stdout).toMatch(new RegExp(`1\\s+good-a\\s+succeeded\\s+\\S+\\s+110\\s+alpha ${id}`))
    expect(stdout).toMatch(/2\s+broken\s+failed\s+.*provider returned an error: stub error 400/)
    expect(stdout).toMatch(new RegExp(`3\\s+\\[\\[reply:gamma ${id}\\]\\] third task\\s+succeeded.*gamma ${id}`))
    expect(stdout).toContain('3 tasks: 2 succeeded, 1 failed')
    // Non-TTY: one plain line per change, no ANSI anywhere.
    expect(result.stderr).toMatch(/\[2\/3\] broken\s+failed in \S+: Codex's model provider/)
    expect(result.stderr).toMatch(/\[1\/3\] good-a\s+succeeded in/)
    expect(result.stderr).not.toMatch(ANSI)
    expect(stdout).not.toMatch(ANSI)
  })

  it('--fail-fast kills the running agents and never starts the queued ones', async () => {
    const id = unique()
    const file = await tasksFile([
      {name: 'fails', prompt: `[[slow:300]][[failed]] f-${id}`},
      {name: 'slow', prompt: `[[slow:20000]] s-${id}`},
      {name: 'queued', prompt: `q-${id}`},
    ])
    const result = await parallel(['--json', '-j', '2', '--fail-fast', file])
    expect(result.exitCode).toBe(1)
    const entries = resultsSchema.parse(JSON.parse(String(result.stdout)))
    // `slow` cancelled (not succeeded after its 20 s) shows it was killed: no timing assertion needed.
    expect(entries.map((e) => e.status)).toEqual(['failed', 'cancelled', 'cancelled'])
    expect(rig.stub.requestsFor(`q-${id}`)).toEqual([])
    // The failing Codex exits on its own and may leave its shell-snapshot helper (`bash -lc …`) finishing
    // for a few ms; the killed one leaves nothing.
    await waitFor(() => processesWithEnv('CODEX_HOME', rig.home.dir).length === 0, 20_000, 'no Codex processes left')
  })

  // No Codex starts here, so these run side by side.
  describeOnceConcurrent('an invalid tasks file exits 2, names the problem and runs nothing', () => {
    it.for([
      ['not JSON', 'json', 'this is not json', /JSON syntax error at line 1, column 1/],
      ['a JSON syntax error', 'json', '[\n  {"prompt": "a"},\n  {"prompt": "b" "name": "x"}\n]', /JSON syntax error at line 3, column 18: Expected ',' or '}'/],
      ['a JSON Lines syntax error', 'jsonl', '{"prompt": "a"}\n{"prompt": "b",}\n', /JSON syntax error at line 2, column 16/],
      ['a missing prompt at index 2', 'json', JSON.stringify([{prompt: 'a'}, {prompt: 'b'}, {name: 'c'}]), /tasks\[2\]\.prompt: Required/],
      ['an unknown field', 'json', JSON.stringify({tasks: [{prompt: 'a', promt: 'typo'}]}), /tasks\[0\]: Unrecognized key: "promt"/],
      ['an unknown default', 'json', JSON.stringify({defaults: {sandbox: 'none'}, tasks: [{prompt: 'a'}]}), /defaults\.sandbox: Invalid option/],
      ['an empty array', 'json', '[]', /tasks: no tasks/],
      ['a missing working directory', 'json', JSON.stringify([{prompt: 'a', cwd: 'no/such/dir'}]), /tasks\[0\]\.cwd: working directory does not exist/],
    ] as const)('%s', async ([, ext, content, pattern], {expect}) => {
      const before = rig.stub.requests.length
      const file = await tasksFile(content, ext)
      const result = await parallel([file])
      expect(result.exitCode).toBe(2)
      const stderr = errorText(result)
      expect(stderr).toContain(`Invalid tasks file ${file}`)
      expect(stderr).toMatch(pattern)
      expect(stderr).not.toMatch(/\n\s+at /)
      expect(rig.stub.requests.length).toBe(before)
    })

    it('a missing file', async ({expect}) => {
      const result = await parallel([path.join(rig.work, 'nope.json')])
      expect(result.exitCode).toBe(2)
      expect(errorText(result)).toContain('no such file')
    })
  })

  it('takes one task on one line from stdin (jq -c \'.[]\' of a one-task file)', async () => {
    const id = unique()
    const result = await parallel(['--json', '-'], {input: `${JSON.stringify({name: 'only', prompt: `[[reply:one ${id}]]`})}\n`})
    expect(result.exitCode, String(result.stderr)).toBe(0)
    expect(resultsSchema.parse(JSON.parse(String(result.stdout))).map((e) => [e.name, e.output])).toEqual([['only', `one ${id}`]])
  })

  describe('interrupts', () => {
    it('SIGINT kills every agent tree, cancels the queued task, prints the partial summary and exits 130', async () => {
      const id = unique()
      const dir = await mkdtemp(path.join(rig.work, 'sigint-'))
      const file = await tasksFile([
        {name: 'tree', prompt: `${treeScript(dir)} ${id}`},
        {name: 'slow', prompt: `[[slow:30000]] slow-${id}`},
        {name: 'queued', prompt: `queued-${id}`},
      ])
      const child = parallel(['-j', '2', file])
      await waitFor(async () => (await treeStarted(dir)) && rig.stub.requestsFor(`slow-${id}`).length > 0, 20_000, 'both agents')
      const pids = await treePids(dir)
      child.kill('SIGINT')
      const result = await child
      expect(result.exitCode).toBe(130)
      const stdout = String(result.stdout)
      expect(stdout).toMatch(/1\s+tree\s+cancelled/)
      expect(stdout).toMatch(/2\s+slow\s+cancelled/)
      expect(stdout).toMatch(/3\s+queued\s+cancelled\s+-\s+-\s+Agent cancelled before it started/)
      expect(stdout).toContain('(interrupted)')
      for (const pid of pids) expect(isAlive(pid), `pid ${pid}`).toBe(false)
      expect(processesWithEnv('CODEX_HOME', rig.home.dir)).toEqual([])
      expect(rig.stub.requestsFor(`queued-${id}`)).toEqual([])
    })

    it('SIGTERM does the same, with --json', async () => {
      const id = unique()
      const file = await tasksFile([{prompt: `[[slow:30000]] term-${id}`}, {prompt: `[[slow:30000]] term2-${id}`}])
      const child = parallel(['--json', file])
      await waitFor(() => rig.stub.requestsFor(`term2-${id}`).length > 0 && rig.stub.requestsFor(`term-${id}`).length > 0, 20_000, 'the agents')
      child.kill('SIGTERM')
      const result = await child
      expect(result.exitCode).toBe(130)
      expect(resultsSchema.parse(JSON.parse(String(result.stdout))).map((e) => e.status)).toEqual(['cancelled', 'cancelled'])
      expect(processesWithEnv('CODEX_HOME', rig.home.dir)).toEqual([])
    })
  })
})
