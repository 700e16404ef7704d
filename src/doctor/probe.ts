import {execa} from 'execa'

import type {CodexBinary} from '../runner/resolve-codex.js'

export interface ProbeResult {
  /** null when it was killed or never started. */
  exitCode: number | null
  stdout: string
  /** stderr without Codex's harmless `WARNING: proceeding…` lines. */
  stderr: string
  timedOut: boolean
  /** Set when the process could not be started at all (ENOENT, EACCES, bad interpreter). */
  startError?: string
}

/**
 * Runs the binary the runner would use, with the environment Codex would get, and never throws: a broken or
 * hanging `codex` is a finding, not a crash.
 */
export async function probeCodex(binary: CodexBinary, args: string[], env: Record<string, string>, timeoutMs: number): Promise<ProbeResult> {
  const child = execa(binary.file, [...binary.args, ...args], {
    env: {...env, ...binary.env},
    extendEnv: false,
    reject: false,
    stdin: 'ignore',
    // Its own process group: on timeout the whole group goes, or a grandchild holding the pipes keeps us waiting.
    detached: true,
  })
  let timedOut = false
  const timer = setTimeout(() => {
    timedOut = true
    try {
      if (child.pid) process.kill(-child.pid, 'SIGKILL')
    } catch {}
  }, timeoutMs)
  const result = await child
  clearTimeout(timer)
  const stderr = String(result.stderr ?? '')
    .split('\n')
    .filter((line) => !line.startsWith('WARNING: proceeding'))
    .join('\n')
    .trim()
  const started = result.exitCode !== undefined || result.signal !== undefined || timedOut
  return {
    exitCode: result.exitCode ?? null,
    stdout: String(result.stdout ?? ''),
    stderr,
    timedOut,
    ...(started ? {} : {startError: result.originalMessage ?? result.shortMessage}),
  }
}

/** The last non-empty line of a text, cut short: enough to recognise an error without a backtrace. */
export function lastLine(text: string, max = 200): string {
  const line = text.split('\n').map((l) => l.trim()).filter(Boolean).at(-1) ?? ''
  return line.length > max ? `${line.slice(0, max)}…` : line
}

export function firstLine(text: string, max = 200): string {
  const line = text.split('\n').map((l) => l.trim()).find(Boolean) ?? ''
  return line.length > max ? `${line.slice(0, max)}…` : line
}
