// The parent of the bench's command-line runs (raw `codex exec`, `codex-mcp spawn`): a small, warm Node
// process, as `serve` is for spawn_agent. Started by bench/setup.ts with an IPC channel; the bench process
// itself also serves the stub provider to every agent, and spawning and draining children there would bill
// that load to them. Message in: {id, file, args, env, cwd, inputs, detached}: one child per input (written
// to its stdin, then closed), all at once. Out: {id, ms} (spawn of the first → close of the last) or {id, error}.
import {spawn} from 'node:child_process'

const running = new Set()

function runOne({file, args, env, cwd, detached}, input) {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, {env, cwd, detached, stdio: ['pipe', 'pipe', 'pipe']})
    running.add(child)
    let stderr = ''
    child.stdout.resume()
    child.stderr.on('data', (chunk) => (stderr = (stderr + chunk.toString('utf8')).slice(-2000)))
    child.stdin.end(input)
    child.on('error', reject)
    child.on('close', (code, signal) => {
      running.delete(child)
      if (code === 0) resolve()
      else reject(new Error(`${file} ${args[0]} exited with ${signal ?? code}: ${stderr.trim().split('\n').slice(-3).join(' | ')}`))
    })
  })
}

process.on('message', async (message) => {
  const started = performance.now()
  try {
    await Promise.all(message.inputs.map((input) => runOne(message, input)))
    process.send({id: message.id, ms: performance.now() - started})
  } catch (error) {
    process.send({id: message.id, error: String(error?.message ?? error)})
  }
})

// The bench went away (or closed the channel): nothing of ours may outlive it.
process.on('disconnect', () => {
  for (const child of running) child.kill('SIGKILL')
  process.exit(0)
})
