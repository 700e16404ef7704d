import {chmodSync, mkdirSync, renameSync, rmSync, writeFileSync} from 'node:fs'

/** The state dir holds prompts and outputs: only its owner may read it, whatever the umask. */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, {recursive: true, mode: 0o700})
  chmodSync(dir, 0o700)
}

/** Written atomically and readable by the owner only (a fresh file, so an older file's mode never lingers). */
export function writePrivateFile(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.tmp`
  rmSync(tmp, {force: true})
  writeFileSync(tmp, text, {mode: 0o600, flag: 'wx'})
  chmodSync(tmp, 0o600)
  renameSync(tmp, file)
}
