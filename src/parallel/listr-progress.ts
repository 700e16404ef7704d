import {
  color,
  DefaultRenderer,
  figures,
  Listr,
  type ListrDefaultRendererTask,
  ListrLogger,
  type ListrTaskWrapper,
  ProcessOutput,
} from 'listr2'

import type {ParallelProgress} from './progress.js'
import {ProgressRows, rowDetail} from './progress.js'

const SHOW_CURSOR = '\u001B[?25h'

/**
 * listr2's default renderer with two changes: it trusts our TTY check (stderr's; listr2 looks at stdout, so
 * `parallel --json > out.json` would lose the live view), and a queued task shows listr2's waiting square
 * instead of a spinner, since its listr2 task has "started" only to wait for the executor.
 */
function agentRowsRenderer(isQueued: (task: ListrDefaultRendererTask) => boolean) {
  return class AgentRowsRenderer extends DefaultRenderer {
    static nonTTY = true

    protected style(task: ListrDefaultRendererTask, output = false): string {
      if (!output && isQueued(task)) return color.dim(figures.squareSmallFilled)
      return super.style(task, output)
    }
  }
}

function deferred(): {promise: Promise<void>; resolve: () => void} {
  let resolve!: () => void
  const promise = new Promise<void>((r) => (resolve = r))
  return {promise, resolve}
}

/**
 * One listr2 row per task on a terminal: label, latest activity or state, elapsed time. listr2 only draws; the
 * parallel executor schedules. Each row's listr2 task waits for its agent's final update.
 */
export function listrProgress(labels: string[], stream: NodeJS.WriteStream): ParallelProgress {
  const rows = new ProgressRows(labels)
  const width = Math.min(40, Math.max(...labels.map((label) => label.length)))
  const wrappers: Array<ListrTaskWrapper<unknown, any, any> | undefined> = []
  const finished = labels.map(() => deferred())
  const titleOf = (index: number) => {
    const row = rows.rows[index]
    const label = row.label.length > width ? `${row.label.slice(0, width - 1)}…` : row.label.padEnd(width)
    // Room for listr2's icon and margin; the label and the elapsed time always show.
    return `${label}  ${rowDetail(row, Date.now(), Math.max(20, (stream.columns ?? 100) - width - 6))}`
  }
  const refresh = (index: number) => {
    const wrapper = wrappers[index]
    if (wrapper) wrapper.title = titleOf(index)
  }

  const listr: Listr<unknown, any, any> = new Listr(
    labels.map((_, index) => ({
      title: titleOf(index),
      task: async (_ctx: unknown, task: ListrTaskWrapper<unknown, any, any>) => {
        wrappers[index] = task
        refresh(index)
        await finished[index].promise
        const state = rows.rows[index].state
        if (state === 'failed') throw new Error(titleOf(index))
        if (state === 'cancelled') task.skip(titleOf(index))
        else refresh(index)
      },
    })),
    {
      concurrent: true,
      exitOnError: false,
      registerSignalListeners: false,
      renderer: agentRowsRenderer((task) => rows.rows[listr.tasks.indexOf(task as any)]?.state === 'queued'),
      rendererOptions: {
        // Our stderr is listr2's "stdout"; stray writes to the real stdout are held until the view ends.
        logger: new ListrLogger({useIcons: true, toStderr: [], processOutput: new ProcessOutput(stream, process.stdout)}),
        formatOutput: 'truncate',
        clearOutput: true,
        collapseErrors: true,
        showErrorMessage: true,
        collapseSkips: true,
        showSkipMessage: true,
      },
    },
  )

  // listr2 hides the cursor while it draws; a hard exit (a second Ctrl-C) must not leave it hidden.
  const showCursor = () => stream.write(SHOW_CURSOR)
  process.once('exit', showCursor)
  const done = listr.run().catch(() => {})
  const ticker = setInterval(() => {
    for (const [index, row] of rows.rows.entries()) if (row.state === 'running') refresh(index)
  }, 250)

  return {
    update(update) {
      const change = rows.apply(update)
      if (!change) return
      const state = rows.rows[update.index].state
      if (state === 'succeeded' || state === 'failed' || state === 'cancelled') finished[update.index]?.resolve()
      else refresh(update.index)
    },
    async stop() {
      clearInterval(ticker)
      for (const wait of finished) wait.resolve()
      await done
      process.off('exit', showCursor)
    },
  }
}
