import {spawn} from 'node:child_process'
import {binRun, createRig} from './setup.js'
const rig = await createRig()
for (const [name, args] of [['help', ['--help']], ['spawn', ['spawn', '--cd', rig.work, '[[reply:ok]] hi']]] as const) {
  const child = spawn(process.execPath, ['--cpu-prof', `--cpu-prof-dir=/tmp/layers-prof-${name}`, binRun, ...args], {env: rig.cliEnv, cwd: rig.work, stdio: 'ignore'})
  await new Promise((resolve) => child.once('exit', resolve))
}
await rig.cleanup()
