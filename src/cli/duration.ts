/** "90s", "10m", "1h", "1500ms" or a bare number of milliseconds → milliseconds. */
export function parseDuration(input: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*$/i.exec(input)
  if (!match) throw new Error(`Expected a duration such as 90s, 10m, 1h or milliseconds, got "${input}"`)
  const factor = {ms: 1, s: 1000, m: 60_000, h: 3_600_000}[(match[2] ?? 'ms').toLowerCase() as 'ms']
  const ms = Math.round(Number(match[1]) * factor)
  if (ms <= 0) throw new Error(`Expected a positive duration, got "${input}"`)
  return ms
}
