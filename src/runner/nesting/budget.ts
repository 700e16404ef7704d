import {closeSync, linkSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, unlinkSync, writeSync} from 'node:fs'
import path from 'node:path'

import {CodexMcpError} from '../../errors.js'
import {pidAlive, processIdentity} from '../process-tree.js'
import {stateLayout} from '../../state/state-dir.js'

/**
 * One concurrency budget for a whole tree of agents: the root server's maxConcurrency, as slot files in a
 * directory under the root's state dir. A slot is a file created with O_EXCL holding the holder's pid and
 * start time: a holder that died (even by SIGKILL) frees its slot for the next one that looks.
 *
 * The rule that keeps it free of deadlock: only the root's own agents wait for a slot. An agent started by
 * a nested server (inside another agent) never waits: when every slot is taken it is refused at once. Its
 * parent is blocked in the tool call and holds a slot itself, so waiting could wait for the waiter; refusing
 * cannot, and every agent that holds a slot either runs to its end or waits only for agents that never wait.
 */
export class TreeBudget {
  constructor(
    readonly dir: string,
    readonly slots: number,
    /** True for the root server: its agents queue for a slot; a nested server's are refused when none is free. */
    readonly canWait: boolean,
  ) {}

  /** Takes a free slot; returns its release. */
  async acquire(signal?: AbortSignal): Promise<() => void> {
    for (let delay = 20; ; delay = Math.min(delay * 2, 250)) {
      const slot = this.tryAcquire()
      if (slot) return slot
      if (!this.canWait) {
        throw new CodexMcpError(`Every one of the ${this.slots} agent slots of this tree of agents is in use (the root codex-mcp's maxConcurrency counts every agent its agents start, at any depth).`, {
          kind: 'forbidden',
          retryable: true,
          fix: 'Do the work in this agent, or try again once other agents have finished. The person running the root codex-mcp can raise --max-concurrency (or "maxConcurrency").',
        })
      }
      if (signal?.aborted) throw new CodexMcpError('Agent cancelled before it started.', {kind: 'cancelled'})
      await new Promise((resolve) => setTimeout(resolve, delay))
    }
  }

  /** The root's server is closing: its tree's directory goes. */
  dispose(): void {
    if (this.canWait) rmSync(this.dir, {recursive: true, force: true})
  }

  /** Slots in use right now (dead holders not counted). */
  inUse(): number {
    let count = 0
    for (let i = 0; i < this.slots; i++) if (holderAlive(path.join(this.dir, `slot-${i}`))) count++
    return count
  }

  private tryAcquire(): (() => void) | undefined {
    // The root makes the directory on its first agent, marked with its own identity (pruneBudgets removes
    // it once the root is gone); a nested process only uses what the root made.
    if (this.canWait) {
      try {
        mkdirSync(this.dir, {recursive: true, mode: 0o700})
      } catch (error) {
        throw new CodexMcpError(`Cannot keep the tree's agent slots in ${this.dir}: ${(error as NodeJS.ErrnoException).code ?? String(error)}.`, {
          kind: 'invalid-config',
          fix: 'Make the state directory writable (or set "stateDir" to one), or set maxDepth to 1: without nested agents there is no tree budget.',
        })
      }
      writeHolder(path.join(this.dir, 'root'))
    }
    for (let i = 0; i < this.slots; i++) {
      const file = path.join(this.dir, `slot-${i}`)
      if (writeHolder(file)) return once(() => unlinkSync(file))
      if (!holderAlive(file) && takeOver(file)) return once(() => unlinkSync(file))
    }
    return undefined
  }
}

const once = (release: () => void) => {
  let done = false
  return () => {
    if (done) return
    done = true
    try {
      release()
    } catch {}
  }
}

/**
 * Frees a dead holder's slot and takes it. Renamed aside first (atomic), so of two processes that saw the
 * same dead holder only one removes it; one that took a live holder's new file aside puts it back.
 */
function takeOver(file: string): boolean {
  const aside = `${file}.${process.pid}.${Date.now()}`
  try {
    renameSync(file, aside)
  } catch {
    return false
  }
  if (holderAlive(aside)) {
    try {
      linkSync(aside, file)
    } catch {}
    rmSync(aside, {force: true})
    return false
  }
  rmSync(aside, {force: true})
  return writeHolder(file)
}

/** Creates `file` exclusively with this process's pid and identity; false when it exists. */
function writeHolder(file: string): boolean {
  let fd: number
  try {
    fd = openSync(file, 'wx')
  } catch {
    return false
  }
  try {
    writeSync(fd, JSON.stringify({pid: process.pid, identity: processIdentity(process.pid) ?? null}))
  } finally {
    closeSync(fd)
  }
  return true
}

/** A holder file whose process still runs (the same process: pid and start time). Unreadable yet: just created, alive. */
function holderAlive(file: string): boolean {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch {
    return false
  }
  // Just created, not written yet: alive, unless it stayed empty (its holder died in between).
  if (text === '') return Date.now() - (statSync(file, {throwIfNoEntry: false})?.mtimeMs ?? 0) < 5000
  try {
    const holder = JSON.parse(text) as {pid: number; identity: string | null}
    if (!pidAlive(holder.pid)) return false
    return holder.identity === null || processIdentity(holder.pid) === holder.identity
  } catch {
    return true
  }
}

/** Removes the budget directories of roots that are gone (a crashed server's). */
export function pruneBudgets(stateDir: string): void {
  const trees = stateLayout(stateDir).trees
  let names: string[]
  try {
    names = readdirSync(trees)
  } catch {
    return
  }
  for (const name of names) {
    if (!holderAlive(path.join(trees, name, 'root'))) rmSync(path.join(trees, name), {recursive: true, force: true})
  }
}
