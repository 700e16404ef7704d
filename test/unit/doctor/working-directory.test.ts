import {chmod} from 'node:fs/promises'
import path from 'node:path'
import {describe, expect, it} from 'vitest'

import {gitRoot, workingDirectoryCheck} from '../../../src/doctor/checks/working-directory.js'
import {tempTree} from './helpers.js'

const at = (cwd: string) => workingDirectoryCheck({runOptions: () => ({cwd}) as never})

describe('the working directory check', () => {
  it('passes a writable directory and says whether it is a git repository', async () => {
    const dir = await tempTree({'repo/.git/HEAD': 'ref: refs/heads/main\n', 'repo/src/a.ts': '', 'plain/x': ''})
    expect(at(path.join(dir, 'repo/src'))).toEqual([
      {id: 'working-directory', status: 'pass', message: `Working directory: ${dir}/repo/src (writable)`},
      {id: 'git-repository', status: 'info', message: `Git repository: ${dir}/repo (review agents' changes with git diff)`},
    ])
    expect(gitRoot(path.join(dir, 'plain'))).toBeUndefined()
    expect(at(path.join(dir, 'plain'))[1].message).toContain('Not inside a git repository')
  })

  it('fails a missing directory', async () => {
    const dir = await tempTree()
    expect(at(path.join(dir, 'gone'))).toEqual([expect.objectContaining({status: 'fail', message: expect.stringContaining('does not exist')})])
  })

  it.skipIf(process.getuid?.() === 0)('warns about a read-only directory', async () => {
    const dir = await tempTree({'ro/x': ''})
    await chmod(path.join(dir, 'ro'), 0o555)
    expect(at(path.join(dir, 'ro'))[0].status).toBe('warn')
    await chmod(path.join(dir, 'ro'), 0o755)
  })
})
