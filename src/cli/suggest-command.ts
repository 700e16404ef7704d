/**
 * "Did you mean …?" for a mistyped command, considering what follows it: `spwan 'a prompt'` suggests `spawn`,
 * never a command that cannot take those arguments or flags. When no single command is clearly meant, it
 * suggests nothing. It never runs anything: the user retypes.
 */

/** What oclif's manifest says about a command. */
export interface CommandInfo {
  id: string
  hidden?: boolean
  strict?: boolean
  args: Record<string, {options?: readonly string[]}>
  flags: Record<string, {char?: string; type: 'boolean' | 'option'}>
}

/** Optimal string alignment distance: Levenshtein plus swapping two neighbours (`spwan` → `spawn` is 1). */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({length: a.length + 1}, (_, i) => [i, ...Array(b.length).fill(0)])
  for (let j = 1; j <= b.length; j++) d[0][j] = j
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1)
    }
  }
  return d[a.length][b.length]
}

/** How far off a typed name may be and still be a typo of a command: one edit for short names, two from five letters. */
const tolerance = (typed: string) => (typed.length >= 5 ? 2 : 1)

/** True when `command` would accept `rest` (its flags, and its arguments' number and allowed values). */
export function accepts(command: CommandInfo, rest: string[]): boolean {
  const argDefs = Object.values(command.args)
  const positionals: string[] = []
  const byName = new Map(Object.entries(command.flags))
  const byChar = new Map(Object.values(command.flags).flatMap((flag, i) => (flag.char ? [[flag.char, Object.values(command.flags)[i]]] : [])))
  for (let i = 0; i < rest.length; i++) {
    const token = rest[i]
    if (token === '--') {
      positionals.push(...rest.slice(i + 1))
      break
    }
    if (token === '--help' || token === '-h') continue
    if (token.startsWith('--')) {
      const [name, value] = token.slice(2).split(/=(.*)/s, 2)
      const flag = byName.get(name)
      if (!flag) return false
      if (flag.type === 'option' && value === undefined) i++
    } else if (token.startsWith('-') && token.length > 1) {
      const flag = byChar.get(token[1])
      if (!flag) return false
      if (flag.type === 'option' && token.length === 2) i++
    } else {
      positionals.push(token)
    }
  }
  if (command.strict !== false && positionals.length > argDefs.length) return false
  return positionals.every((value, i) => !argDefs[i]?.options || argDefs[i].options!.includes(value))
}

export interface Suggestion {
  /** What the user typed as the command, e.g. `spwan`. */
  typed: string
  /** The command id meant (`plugins:install`), or none when unsure. */
  id?: string
  /** The arguments that followed it. */
  rest: string[]
}

/**
 * `tokens` is the command line after the binary's name (`['spwan', 'a prompt']`). Returns the one command a
 * typo most likely meant, if exactly one command is that close and accepts the rest of the line.
 */
export function suggestCommand(tokens: string[], commands: CommandInfo[]): Suggestion {
  let best: Array<{id: string; distance: number; words: number}> = []
  for (const command of commands) {
    if (command.hidden) continue
    const words = command.id.split(':').length
    if (tokens.length < words || tokens.slice(0, words).some((token) => token.startsWith('-'))) continue
    const typed = tokens.slice(0, words).join(':')
    const distance = editDistance(typed, command.id)
    if (distance === 0 || distance > tolerance(typed) || !accepts(command, tokens.slice(words))) continue
    if (best.length === 0 || distance < best[0].distance) best = [{id: command.id, distance, words}]
    else if (distance === best[0].distance) best.push({id: command.id, distance, words})
  }
  if (best.length !== 1) return {typed: tokens[0] ?? '', rest: tokens.slice(1)}
  const [{id, words}] = best
  return {typed: tokens.slice(0, words).join(' '), id, rest: tokens.slice(words)}
}

/** A word as the user would retype it in a POSIX shell. */
export function shellQuote(word: string): string {
  return /^[\w./:=@%+,-]+$/.test(word) ? word : `'${word.replaceAll("'", "'\\''")}'`
}

/** The message for an unknown command: with the corrected command line, or how to list the commands. */
export function notFoundMessage(bin: string, suggestion: Suggestion, separator = ' '): string {
  const head = `Error: "${suggestion.typed}" is not a ${bin} command.`
  if (!suggestion.id) return `${head}\nRun ${bin} --help for the list of commands.`
  const line = [bin, suggestion.id.replaceAll(':', separator), ...suggestion.rest.map(shellQuote)].join(' ')
  return `${head} Did you mean:\n  ${line}`
}
