import type {ColdStartResult} from './cold-start.js'
import type {EnginesResult} from './engines.js'
import type {HostsResult} from './hosts.js'
import type {MemoryResult} from './memory.js'
import type {OverheadResult} from './overhead.js'
import type {ParallelResult} from './parallel-scaling.js'
import type {StartupResult} from './startup.js'
import type {StoredResult} from './stored.js'
import type {Summary} from './stats.js'
import type {WorktreeResult} from './worktree.js'

export interface Row {
  id: string
  figure: string
  value: string
  goal: string
  /** undefined: a figure without a goal (context for the ratios). */
  met?: boolean
  /** The number the goal is checked against (ms, ratio or MB). */
  number?: number
}

export interface Sections {
  overhead?: OverheadResult
  coldStart?: ColdStartResult
  startup?: StartupResult
  parallel?: ParallelResult
  memory?: MemoryResult
  engines?: EnginesResult
  stored?: StoredResult
  hosts?: HostsResult
  worktree?: WorktreeResult
}

const ms = (value: number) => `${Math.round(value)} ms`
const s = (value: number) => `${(value / 1000).toFixed(2)} s`
const mb = (value: number) => `${value.toFixed(1)} MB`
const ratio = (value: number) => value.toFixed(3)
const medP90 = (summary: Summary) => `${ms(summary.median)} / ${ms(summary.p90)}`

export function rows(sections: Sections): Row[] {
  const out: Row[] = []
  const {overhead: o, coldStart: c, parallel: p, memory: m, startup: u} = sections
  if (u) {
    out.push(
      {id: 'startup.node', figure: `\`node -e 0\` (median / p90 of ${u.runs})`, value: medP90(u.node), goal: 'floor'},
      {id: 'startup.help', figure: '`codex-mcp --help`', value: medP90(u.help), goal: '≤ 200 ms', met: u.help.median <= 200, number: u.help.median},
      {
        id: 'startup.codex_starts_after',
        figure: '`codex-mcp spawn`: Codex exec\'d after launch (a wrapper logs it; b − a below is the whole cost)',
        value: medP90(u.codexStartsAfter),
        goal: '',
        number: u.codexStartsAfter.median,
      },
    )
  }
  if (o) {
    const n = `${o.runs} interleaved runs, median / p90`
    out.push(
      {id: 'overhead.raw', figure: `(a) raw \`codex exec\` (${n})`, value: medP90(o.raw), goal: 'floor'},
      {id: 'overhead.spawn', figure: '(b) `codex-mcp spawn`', value: medP90(o.spawn), goal: ''},
      {id: 'overhead.serve', figure: '(c) `spawn_agent`, warm `serve`', value: medP90(o.serve), goal: ''},
      {id: 'overhead.peer', figure: '(d) peer `codex` tool, warm server', value: medP90(o.peer), goal: ''},
    )
    const ca = o.serve.median / o.raw.median
    const ba = o.spawn.median - o.raw.median
    out.push(
      {id: 'overhead.serve_over_raw', figure: 'c / a (medians)', value: ratio(ca), goal: '≤ 1.03', met: ca <= 1.03, number: ca},
      {id: 'overhead.spawn_minus_raw', figure: 'b − a (medians)', value: ms(ba), goal: '≤ 150 ms', met: ba <= 150, number: ba},
      {id: 'overhead.serve_vs_peer', figure: 'c vs d (medians)', value: `${o.serve.median.toFixed(1)} vs ${o.peer.median.toFixed(1)} ms`, goal: 'c < d', met: o.serve.median < o.peer.median, number: o.serve.median - o.peer.median},
      {id: 'overhead.peer_over_raw', figure: 'd / a (medians)', value: ratio(o.peer.median / o.raw.median), goal: '', number: o.peer.median / o.raw.median},
      {
        id: 'overhead.client_list_tools',
        figure: '`tools/list` via the SDK Client, warm: serve / peer (Client-side output-schema compile included)',
        value: `${ms(o.clientListTools.serve.median)} / ${ms(o.clientListTools.peer.median)}`,
        goal: '',
      },
    )
  }
  if (c) {
    const n = `median of ${c.runs}`
    const sm = c.serve.median / c.minimal.median
    out.push(
      {id: 'cold.serve', figure: `cold start \`serve\` (spawn → initialize → tools/list, ${n})`, value: ms(c.serve.median), goal: ''},
      {id: 'cold.minimal', figure: 'cold start minimal SDK server', value: ms(c.minimal.median), goal: 'floor'},
      {id: 'cold.peer', figure: 'cold start peer', value: ms(c.peer.median), goal: ''},
      {id: 'cold.serve_over_minimal', figure: 'serve / minimal', value: ratio(sm), goal: '≤ 1.05', met: sm <= 1.05, number: sm},
      {id: 'cold.peer_over_minimal', figure: 'peer / minimal', value: ratio(c.peer.median / c.minimal.median), goal: '', number: c.peer.median / c.minimal.median},
      {
        id: 'cold.serve_oclif',
        figure: '`serve` through oclif (fast start off) / minimal',
        value: `${ms(c.serveOclif.median)} = ${ratio(c.serveOclif.median / c.minimal.median)}`,
        goal: '',
        number: c.serveOclif.median / c.minimal.median,
      },
    )
  }
  if (p) {
    for (const point of p.points) {
      out.push({
        id: `parallel.${point.agents}`,
        figure: `${point.agents} agent${point.agents > 1 ? 's' : ''} × ${p.replyMs / 1000} s reply: \`spawn_agents_parallel\` / raw at once (median of ${p.reps})`,
        value: `${s(point.serveMedian)} / ${s(point.rawMedian)} = ${ratio(point.ratio)}`,
        goal: '≤ 1.10',
        met: point.ratio <= 1.1,
        number: point.ratio,
      })
    }
  }
  if (m) {
    out.push({id: 'memory.idle', figure: '`serve` RSS idle', value: mb(m.idleMb.serve), goal: '≤ 80 MB', met: m.idleMb.serve <= 80, number: m.idleMb.serve})
    out.push({id: 'memory.idle_floor', figure: 'RSS idle: minimal SDK server / peer', value: `${mb(m.idleMb.minimal)} / ${mb(m.idleMb.peer)}`, goal: ''})
  }
  if (p) {
    out.push({
      id: 'memory.peak',
      figure: `\`serve\` RSS peak during the ${Math.max(...p.points.map((x) => x.agents))}-agent batch (VmHWM since start)`,
      value: `${mb(p.peakRssMb)} (${mb(p.hwmMb)})`,
      goal: '',
      number: p.peakRssMb,
    })
  }
  if (m) {
    // The goal is read after a full GC at both ends: RSS without one samples the GC's phase (from run to
    // run the same 200 calls read -0.9 to +13 MB), not a leak.
    const retained = m.rssAfterGcMb.after - m.rssAfterGcMb.before
    out.push({
      id: 'memory.growth',
      figure: `\`serve\` RSS growth over ${m.calls} sequential \`spawn_agent\` calls (after ${m.warmupCalls} warm-up), full GC at both ends`,
      value: `${retained >= 0 ? '+' : ''}${mb(retained)} (${mb(m.rssAfterGcMb.before)} → ${mb(m.rssAfterGcMb.after)})`,
      goal: '≤ 10 MB',
      met: retained <= 10,
      number: retained,
    })
    out.push({
      id: 'memory.growth_no_gc',
      figure: 'the same without the final GC (garbage not yet collected counts)',
      value: `${m.growthMb >= 0 ? '+' : ''}${mb(m.growthMb)} (from idle: ${m.growthFromIdleMb >= 0 ? '+' : ''}${mb(m.growthFromIdleMb)})`,
      goal: '',
      number: m.growthMb,
    })
    out.push({
      id: 'memory.heap_growth',
      figure: 'V8 heap after a full GC, growth over the same calls (retained memory)',
      value: `${m.heapAfterGcGrowthMb >= 0 ? '+' : ''}${mb(m.heapAfterGcGrowthMb)} (${mb(m.heapAfterGcMb.before)} → ${mb(m.heapAfterGcMb.after)})`,
      goal: '',
      number: m.heapAfterGcGrowthMb,
    })
  }
  if (sections.engines) out.push(...engineRows(sections.engines))
  if (sections.stored) out.push(...storedRows(sections.stored))
  if (sections.hosts) out.push(...hostRows(sections.hosts))
  if (sections.worktree) out.push(...worktreeRows(sections.worktree))
  return out
}

function hostRows(h: HostsResult): Row[] {
  const hop = h.remote.median - h.local.median
  return [
    {id: 'hosts.local', figure: `one trivial agent (1 shell command) on a warm serve, host \`local\` (median / p90 of ${h.runs}, alternating)`, value: medP90(h.local), goal: 'floor'},
    {id: 'hosts.remote', figure: 'the same on a loopback `codex exec-server` host', value: medP90(h.remote), goal: ''},
    {id: 'hosts.overhead', figure: 'the exec-server hop per agent (medians, before any network latency)', value: ms(hop), goal: '', number: hop},
  ]
}

function worktreeRows(w: WorktreeResult): Row[] {
  return [w.clean, w.dirty].map((each, i) => ({
    id: `worktree.${i === 0 ? 'clean' : 'dirty'}`,
    figure: `isolated agent's worktree, ${each.label}: wall median / p90 of ${w.runs} (git ${w.git}, load ${w.load.toFixed(1)}); git's CPU`,
    value: `${medP90(each.wall)}; ${ms(each.gitCpuMs)}`,
    goal: '≤ 1000 ms',
    met: each.wall.median <= 1000,
    number: each.wall.median,
  }))
}

function storedRows(st: StoredResult): Row[] {
  const stored = `${st.jobs} stored jobs × ${st.outputChars.toLocaleString('en-US')} chars`
  const cpu = (value: number) => `${value.toFixed(1)} ms`
  const load = st.coldStart.stored.median / st.coldStart.empty.median
  // list_agents returns every stored job (each output cut to its head): its goal is per job returned.
  const perJob = st.cpuPerCallMs.listAgents / st.jobs
  return [
    {
      id: 'stored.list_agents',
      figure: `\`list_agents\` (all ${st.jobs} jobs, outputs cut short): server CPU per call, ${stored} / empty state dir (${st.calls} calls)`,
      value: `${cpu(st.cpuPerCallMs.listAgents)} / ${cpu(st.emptyCpuPerCallMs.listAgents)} (${perJob.toFixed(3)} ms per job listed)`,
      goal: '≤ 0.25 ms per job listed',
      met: perJob <= 0.25,
      number: perJob,
    },
    {
      id: 'stored.get_agent',
      figure: `one finished job: \`get_agent\` / \`wait_agents\`, server CPU per call, ${stored}`,
      value: `${cpu(st.cpuPerCallMs.getAgent)} / ${cpu(st.cpuPerCallMs.waitAgents)}`,
      goal: '≤ 5 ms',
      met: Math.max(st.cpuPerCallMs.getAgent, st.cpuPerCallMs.waitAgents) <= 5,
      number: Math.max(st.cpuPerCallMs.getAgent, st.cpuPerCallMs.waitAgents),
    },
    {
      id: 'stored.load',
      figure: `cold start \`serve\` with ${stored} / with an empty state dir (median of ${st.coldStart.stored.n})`,
      value: `${ms(st.coldStart.stored.median)} / ${ms(st.coldStart.empty.median)} = ${ratio(load)}`,
      goal: '≤ 1.05',
      met: load <= 1.05,
      number: load,
    },
  ]
}

function engineRows(e: EnginesResult): Row[] {
  const out: Row[] = []
  for (const point of e.points) {
    const n = `${point.agents} agent${point.agents > 1 ? 's' : ''}`
    // Older results files have no `default` (serve with no engine flag).
    const triple = (r: Partial<Record<'raw' | 'default' | 'exec' | 'appServer', number>>, unit: (v: number) => string) =>
      [r.raw, r.default, r.exec, r.appServer].filter((v): v is number => v !== undefined).map(unit).join(' / ')
    out.push(
      {id: `engines.${point.agents}.wall`, figure: `${n} at once, wall: raw \`codex exec\` / serve with no flags (engine auto) / --engine exec / --engine app-server (median of ${e.reps})`, value: triple(point.wallMs, ms), goal: ''},
      {id: `engines.${point.agents}.cpu`, figure: `${n}: CPU per agent, every process (same order)`, value: triple(point.cpuPerAgentMs, ms), goal: ''},
      {id: `engines.${point.agents}.rss`, figure: `${n}: peak total RSS of every process (same order)`, value: triple(point.rssMb, mb), goal: ''},
    )
  }
  const one = e.points.find((p) => p.agents === 1)
  if (one) {
    const r = one.wallMs.appServer / one.wallMs.raw
    out.push({id: 'engines.wall_ratio', figure: 'app-server `spawn_agent` wall / raw `codex exec` wall, 1 agent', value: ratio(r), goal: '≤ 0.6', met: r <= 0.6, number: r})
    if (one.wallMs.default !== undefined) {
      const d = one.wallMs.default / one.wallMs.raw
      out.push({id: 'engines.default_wall_ratio', figure: 'serve with no flags: `spawn_agent` wall / raw `codex exec` wall, 1 agent', value: ratio(d), goal: '≤ 0.5', met: d <= 0.5, number: d})
    }
  }
  const big = e.points.at(-1)
  if (big) {
    const r = big.rssMb.appServer / big.rssMb.raw
    out.push({id: 'engines.rss_ratio', figure: `app-server total RSS / ${big.agents} raw \`codex exec\`, ${big.agents} agents`, value: ratio(r), goal: '≤ 0.25', met: r <= 0.25, number: r})
    if (big.rssMb.default !== undefined) {
      const d = big.rssMb.default / big.rssMb.raw
      out.push({id: 'engines.default_rss_ratio', figure: `serve with no flags: total RSS / ${big.agents} raw \`codex exec\`, ${big.agents} agents`, value: ratio(d), goal: '≤ 0.25', met: d <= 0.25, number: d})
    }
  }
  return out
}

/** A Markdown table: readable in a terminal, pasted as is into the README. */
export function markdownTable(table: Row[]): string {
  const cells = table.map((row) => [row.figure, row.value, row.goal, row.met === undefined ? '' : row.met ? 'yes' : '**no**'])
  const header = ['figure', 'value', 'goal', 'met?']
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)))
  const line = (c: string[]) => `| ${c.map((cell, i) => cell.padEnd(widths[i])).join(' | ')} |`
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...cells.map(line)].join('\n')
}
