import type {AgentState, AgentUpdate, ParallelEntry} from './run-parallel.js'

/** A live view of a batch: fed the executor's updates, stopped once the batch is done. */
export interface ParallelProgress {
  update(update: AgentUpdate): void
  stop(): Promise<void>
}

export type ProgressMode = 'tty' | 'plain' | 'none'

/** "0.4s", "12.3s", "2m05s", "1h02m". */
export function formatDuration(ms: number): string {
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`
  const s = Math.round(ms / 1000)
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`
}

export const firstLine = (text: string): string => text.trim().split('\n')[0]?.trim() ?? ''

export interface Row {
  label: string
  state: AgentState
  activity?: string
  startedAt?: number
  entry?: ParallelEntry
}

/** Each task's latest state and activity; `apply` says what an update changed. */
export class ProgressRows {
  readonly rows: Row[]

  constructor(labels: string[]) {
    this.rows = labels.map((label) => ({label, state: 'queued'}))
  }

  apply(update: AgentUpdate): 'state' | 'activity' | undefined {
    const row = this.rows[update.index]
    if (!row) return undefined
    if (update.state !== row.state) {
      row.state = update.state
      if (update.state === 'running') row.startedAt = Date.now()
      if (update.entry) row.entry = update.entry
      if (update.activity) row.activity = update.activity
      return 'state'
    }
    if (update.activity && update.activity !== row.activity) {
      row.activity = update.activity
      return 'activity'
    }
    return undefined
  }
}

/**
 * What a row says after its label: "queued", "running: npm test · 12.0s", "failed: … · 0.3s". Longer than
 * `max`, the text is shortened, never the time.
 */
export function rowDetail(row: Row, now = Date.now(), max = Infinity): string {
  const [text, time] = rowParts(row, now)
  const room = max - (time ? time.length + 3 : 0)
  const shown = text.length > room ? `${text.slice(0, Math.max(0, room - 1))}…` : text
  return time ? `${shown} · ${time}` : shown
}

function rowParts(row: Row, now: number): [string, string?] {
  const took = formatDuration(row.entry?.durationMs ?? 0)
  switch (row.state) {
    case 'queued':
      return ['queued']
    case 'running':
      return [row.activity ?? 'starting', formatDuration(now - (row.startedAt ?? now))]
    case 'succeeded':
      return ['done', took]
    case 'failed':
      return [`failed: ${firstLine(row.entry?.error?.message ?? 'unknown error')}`, took]
    case 'cancelled':
      return row.entry?.durationMs ? ['cancelled', took] : ['cancelled']
  }
}

/**
 * For logs and pipes (CI): one plain line per state change and per new activity, no ANSI, no redraws.
 * `[2/4] fix-auth  succeeded in 4.1s`.
 */
export function plainProgress(labels: string[], write: (line: string) => void): ParallelProgress {
  const rows = new ProgressRows(labels)
  const width = Math.max(...labels.map((label) => label.length))
  const prefix = (index: number) => `[${index + 1}/${labels.length}] ${rows.rows[index].label.padEnd(width)}`
  return {
    update(update) {
      const change = rows.apply(update)
      const row = rows.rows[update.index]
      if (change === 'activity') {
        write(`${prefix(update.index)}  › ${row.activity}`)
      } else if (change === 'state') {
        const entry = row.entry
        const took = entry?.durationMs ? ` in ${formatDuration(entry.durationMs)}` : ''
        const why = entry?.error && row.state === 'failed' ? `: ${firstLine(entry.error.message)}` : ''
        write(`${prefix(update.index)}  ${row.state}${row.state === 'running' ? '' : took}${why}`)
      }
    },
    async stop() {},
  }
}

export const noProgress: ParallelProgress = {update() {}, async stop() {}}

/** The listr2 view on a terminal, the plain one anywhere else, or nothing. */
export async function createProgress(labels: string[], mode: ProgressMode, stream: NodeJS.WriteStream = process.stderr): Promise<ParallelProgress> {
  if (mode === 'none') return noProgress
  if (mode === 'plain') return plainProgress(labels, (line) => stream.write(`${line}\n`))
  const {listrProgress} = await import('./listr-progress.js')
  return listrProgress(labels, stream)
}
