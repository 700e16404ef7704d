#!/usr/bin/env node
// MCP clients start `serve` for every session, and `spawn` should cost little more than the `codex exec` it runs:
// a plain `serve` or `spawn` argv skips oclif's start-up (src/cli/fast-serve.ts, src/cli/fast-spawn.ts).
// Anything the fast paths do not take (help, errors, plugins, every other command) runs through oclif, loaded
// from one bundle with the command set (scripts/bundle-cli.mjs).
// serve exits when its parent dies: note the parent before the slow part (imports) of start-up, when it may die.
globalThis.codexMcpInitialParent = process.ppid
const command = process.argv[2]
const fast =
  command === 'serve' ? (await import('../dist/serve.bundle.js')).tryFastServe(process.argv.slice(3))
  : command === 'spawn' ? (await import('../dist/fast/spawn.js')).tryFastSpawn(process.argv.slice(3))
  : false
if (!(await fast)) {
  const {execute} = await import('../dist/cli/run.js')
  await execute({dir: import.meta.url})
}
