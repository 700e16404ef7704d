// The README's Configuration and Tools tables, generated from the settings table (src/config/settings-table.ts)
// and the tool definitions (src/mcp/tools/), between <!-- NAME --> and <!-- NAME-stop --> markers. Reads the
// built dist/: `npm run docs` builds first. `node scripts/readme-tables.mjs` rewrites README.md;
// test/docs.test.ts fails when the committed tables differ from these.
import {readFileSync, writeFileSync} from 'node:fs'
import path from 'node:path'
import {fileURLToPath, pathToFileURL} from 'node:url'
import * as z from 'zod'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const load = (file) => import(pathToFileURL(path.join(root, 'dist', file)).href)

const cell = (text) => String(text).replaceAll('|', '\\|').replaceAll('\n', ' ')
const code = (text) => `\`${text}\``

function defaultText(key, setting, defaults) {
  const value = setting.defaultText ?? (key in defaults ? (typeof defaults[key] === 'number' ? String(defaults[key]) : code(defaults[key])) : 'none')
  return setting.envVar ? `${value} (or ${code(setting.envVar)})` : value
}

function flagText(setting) {
  if (setting.readmeFlags) return setting.readmeFlags
  if (!setting.flags?.length) return '—'
  // Flags of some commands only: which ones (src/config/settings-table.ts, FlagScope).
  const only = {serve: 'serve', spawn: 'spawn', parallel: 'parallel', 'one-shot': 'spawn, parallel'}
  return setting.flags.map((flag) => `${code(`--${flag.name}`)}${only[flag.scope] ? ` (${only[flag.scope]})` : ''}`).join(', ')
}

/** The Configuration table: one line per row of the settings table. */
export async function configTable() {
  const {settingRows, defaults} = await load('config/settings-table.js')
  const lines = ['| key | default | what it does | flag |', '|---|---|---|---|']
  for (const [key, setting] of Object.entries(settingRows)) {
    lines.push(`| ${code(key)} | ${cell(defaultText(key, setting, defaults))} | ${cell(setting.readme)} | ${cell(flagText(setting))} |`)
  }
  return lines.join('\n')
}

/** A field's item count limits, e.g. " (1–32)" for an array. */
function itemLimits(field) {
  const json = z.toJSONSchema(field, {io: 'input', unrepresentable: 'any'})
  return json.type === 'array' && json.maxItems !== undefined ? ` (${json.minItems ?? 0}–${json.maxItems})` : ''
}

/** A schema's fields, `?` after the optional ones. */
const fields = (schema) => Object.entries(schema.shape).map(([name, field]) => `${name}${field.safeParse(undefined).success ? '?' : ''}${itemLimits(field)}`)

/** The Tools table: one line per tool definition, every argument and result field from its schemas. */
export async function toolsTable() {
  const [{tools}, {limitsOf}] = await Promise.all([load('mcp/tools/index.js'), load('mcp/tools/tool.js')])
  const limits = limitsOf({})
  const lines = ['| tool | blocks? | arguments | result (`structuredContent`) | what it does |', '|---|---|---|---|---|']
  for (const tool of tools) {
    const config = tool.config(limits)
    const list = (schema) => fields(schema).map((field) => field.replace(/^(\S+)/, (name) => code(name))).join(', ')
    lines.push(`| ${code(tool.name)} | ${cell(tool.readme.blocks)} | ${cell(list(config.inputSchema) || '—')} | ${cell(list(config.outputSchema))} | ${cell(tool.readme.does)} |`)
  }
  return lines.join('\n')
}

/** Every generated section, by marker name. */
export async function generatedSections() {
  return {'tools-table': await toolsTable(), 'config-table': await configTable()}
}

/** `text` with each generated section replaced; throws when a marker is missing. */
export async function withGeneratedSections(text) {
  let out = text
  for (const [name, body] of Object.entries(await generatedSections())) {
    const start = `<!-- ${name} -->\n`
    const stop = `<!-- ${name}-stop -->`
    const from = out.indexOf(start)
    const to = out.indexOf(stop)
    if (from === -1 || to === -1) throw new Error(`README.md has no ${start.trim()} … ${stop} section`)
    out = `${out.slice(0, from + start.length)}${body}\n${out.slice(to)}`
  }
  return out
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const readme = path.join(root, 'README.md')
  writeFileSync(readme, await withGeneratedSections(readFileSync(readme, 'utf8')))
  process.exit(0)
}
