import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'

/**
 * One scratch root for the whole run, as TMPDIR of every test worker and everything they start (Codex
 * included): whatever a test or a process leaves in its temp dir goes with the root at the end.
 */
export default function setup() {
  // A short name: paths in CLI error messages must not grow past oclif's 80-column wrap.
  const root = mkdtempSync(path.join(tmpdir(), 'cm-'))
  const previous = process.env.TMPDIR
  process.env.TMPDIR = root
  return () => {
    if (previous === undefined) delete process.env.TMPDIR
    else process.env.TMPDIR = previous
    rmSync(root, {recursive: true, force: true})
  }
}
