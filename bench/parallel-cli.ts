/**
 * Wall time of N agents through `codex-mcp parallel` against N raw `codex exec` started at once by a shell
 * script, both against the same local stub provider (every agent's model call takes --delay ms).
 *
 *   npm run build && npx tsx bench/parallel-cli.ts [--agents 8] [--delay 1000] [--reps 5]
 *
 * The raw side is the floor: the native Codex binary, no Node wrapper, no codex-mcp. Both sides run in the
 * same temporary directory and CODEX_HOME; repetitions alternate which side goes first.
 */
import {execa} from 'execa'
import {mkdtemp, readFile, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {parseArgs} from 'node:util'

import {nativeBinaryOf} from '../src/runner/resolve-codex.js'
import {binRun, cliEnv, codexWrapper} from '../test/support/cli.js'
import {createCodexHome} from '../test/support/codex-home.js'
import {startStubProvider} from '../test/support/stub-provider.js'

const {values} = parseArgs({
  options: {agents: {type: 'string', default: '8'}, delay: {type: 'string', default: '1000'}, reps: {type: 'string', default: '5'}},
})
const agents = Number(values.agents)
const delay = Number(values.delay)
const reps = Number(values.reps)

interface Timing {
  wallMs: number
  /** User + system CPU of the whole run, children included. */
  cpuMs: number
}

/** Runs a bash script under bash's `time`: wall and CPU (children included) of the whole thing. */
async function timed(script: string, extraEnv: Record<string, string> = {}): Promise<Timing & {stdout: string}> {
  const result = await execa('bash', ['-c', `TIMEFORMAT='@@time %R %U %S'; time { ${script}\n}`], {cwd: work, env: {...env, ...extraEnv}, extendEnv: false, reject: false})
  const match = /@@time ([\d.]+) ([\d.]+) ([\d.]+)/.exec(result.stderr)
  if (!match) throw new Error(`no timing: ${result.stderr}`)
  return {wallMs: Number(match[1]) * 1000, cpuMs: (Number(match[2]) + Number(match[3])) * 1000, stdout: result.stdout}
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
}
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`

const native = nativeBinaryOf(path.dirname(path.dirname(codexWrapper)))
if (!native) throw new Error('No native Codex binary next to @openai/codex; run npm install.')

const stub = await startStubProvider()
const home = await createCodexHome(stub.url)
const work = await mkdtemp(path.join(tmpdir(), 'codex-mcp-bench-'))
const env = cliEnv(home.env)

async function viaParallel(rep: number): Promise<Timing> {
  const marker = `bench-parallel-${rep}-`
  const file = path.join(work, 'tasks.json')
  await writeFile(file, JSON.stringify(Array.from({length: agents}, (_, i) => ({prompt: `[[slow:${delay}]] ${marker}${i}`}))))
  const run = await timed(`"${process.execPath}" "${binRun}" parallel tasks.json --concurrency ${agents} --json --quiet`)
  const entries = JSON.parse(run.stdout) as Array<{status: string}>
  if (entries.length !== agents || entries.some((e) => e.status !== 'succeeded')) throw new Error(`parallel failed: ${run.stdout}`)
  if (stub.requestsFor(marker).length !== agents) throw new Error('parallel: the stub did not see every agent')
  return run
}

async function viaShell(rep: number): Promise<Timing> {
  const marker = `bench-raw-${rep}-`
  const run = await timed(
    `for i in $(seq 0 ${agents - 1}); do
  printf '%s' "[[slow:${delay}]] ${marker}$i" | "$CODEX" exec --json --skip-git-repo-check --dangerously-bypass-approvals-and-sandbox - > "out-$i.jsonl" 2>/dev/null &
done
wait`,
    {CODEX: native!},
  )
  for (let i = 0; i < agents; i++) {
    if (!(await readFile(path.join(work, `out-${i}.jsonl`), 'utf8')).includes('"turn.completed"')) throw new Error(`raw codex ${i} did not finish its turn`)
  }
  if (stub.requestsFor(marker).length !== agents) throw new Error('raw: the stub did not see every agent')
  return run
}

/** codex-mcp's own cost before any agent: start, load `parallel`, read and reject an empty tasks file. */
async function cliStartup(): Promise<Timing> {
  await writeFile(path.join(work, 'empty.json'), '[]')
  return timed(`"${process.execPath}" "${binRun}" parallel empty.json 2>/dev/null; true`)
}

try {
  console.log(`${agents} agents × ${delay} ms model call, concurrency ${agents}, ${reps} repetitions (native codex: ${native})`)
  await viaShell(-1) // warm-up: file cache, Codex's state db
  await viaParallel(-1)
  const parallel: Timing[] = []
  const raw: Timing[] = []
  for (let rep = 0; rep < reps; rep++) {
    const order = rep % 2 === 0 ? [viaParallel, viaShell] : [viaShell, viaParallel]
    for (const run of order) (run === viaParallel ? parallel : raw).push(await run(rep))
    const [p, r] = [parallel.at(-1)!, raw.at(-1)!]
    console.log(`  rep ${rep + 1}: parallel ${seconds(p.wallMs)} (cpu ${seconds(p.cpuMs)})  raw ${seconds(r.wallMs)} (cpu ${seconds(r.cpuMs)})`)
  }
  const startup: Timing[] = []
  for (let i = 0; i < 3; i++) startup.push(await cliStartup())
  const wall = (ts: Timing[]) => median(ts.map((t) => t.wallMs))
  const cpu = (ts: Timing[]) => median(ts.map((t) => t.cpuMs))
  console.log(`median wall: codex-mcp parallel ${seconds(wall(parallel))}, raw codex exec ${seconds(wall(raw))}, ratio ${(wall(parallel) / wall(raw)).toFixed(2)}`)
  console.log(`median cpu:  codex-mcp parallel ${seconds(cpu(parallel))}, raw codex exec ${seconds(cpu(raw))}`)
  console.log(`codex-mcp's own start (load \`parallel\`, reject an empty file): wall ${seconds(wall(startup))}, cpu ${seconds(cpu(startup))}`)
} finally {
  await stub.close()
  await home.cleanup()
  await rm(work, {recursive: true, force: true})
}
