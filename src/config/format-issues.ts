import type {z} from 'zod'

/** "`maxConcurrency`: Expected a positive integer, got `0` (number)" — one line per problem, with the key path. */
export function formatZodIssues(error: z.ZodError, input: unknown): string[] {
  return error.issues.map((issue) => {
    const where = issue.path.length > 0 ? formatPath(issue.path) : '(top level)'
    const received = valueAt(input, issue.path)
    const got = issue.code === 'unrecognized_keys' ? '' : describeReceived(received)
    return `${where}: ${issue.message}${got}`
  })
}

export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = ''
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`
    else out += out ? `.${String(key)}` : String(key)
  }
  return out
}

function valueAt(input: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let value: any = input
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined
    value = value[key as any]
  }
  return value
}

function describeReceived(value: unknown): string {
  if (value === undefined) return ''
  const shown = typeof value === 'string' ? JSON.stringify(value) : JSON.stringify(value) ?? String(value)
  const short = shown.length > 60 ? `${shown.slice(0, 57)}...` : shown
  return `, got \`${short}\` (${Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value})`
}
