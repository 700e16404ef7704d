import {readFile} from 'node:fs/promises'
import path from 'node:path'

/**
 * A stub prompt that makes Codex run a shell command which leaves a backgrounded grandchild (re-parented
 * to pid 1, keeping the command's session) and then blocks: the process tree a kill must take down whole.
 * The command writes both pids into `dir`.
 */
export const treeScript = (dir: string) => `[[shell:(sleep 300 & echo $! > ${dir}/bg.pid); echo $$ > ${dir}/sh.pid; sleep 301]]`

/** [grandchild pid, shell pid] once the command has written them. */
export const treePids = async (dir: string): Promise<number[]> =>
  Promise.all(['bg.pid', 'sh.pid'].map(async (file) => Number((await readFile(path.join(dir, file), 'utf8')).trim())))

export const treeStarted = async (dir: string): Promise<boolean> => (await treePids(dir).catch(() => [0])).every((pid) => pid > 0)
