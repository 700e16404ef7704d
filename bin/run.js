#!/usr/bin/env node
// MCP clients start `serve` for every session: a plain `serve` argv skips oclif's start-up (src/cli/fast-serve.ts).
// Anything the fast path does not take (help, errors, plugins, every other command) runs through oclif, loaded
// from one bundle with the command set (scripts/bundle-cli.mjs).
// serve exits when its parent dies: note the parent before the slow part (imports) of start-up, when it may die.
globalThis.codexMcpInitialParent = process.ppid
const fast = process.argv[2] === 'serve' && (await import('../dist/serve.bundle.js')).tryFastServe(process.argv.slice(3))
if (!(await fast)) {
  const {execute} = await import('../dist/cli/run.js')
  await execute({dir: import.meta.url})
}
