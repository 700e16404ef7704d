import {execa, type ResultPromise} from 'execa'
import {execFileSync} from 'node:child_process'

/**
 * Why terminal tests cannot run here, or undefined when they can: they need util-linux `script`, which gives
 * a command a pseudo-terminal (present on Debian and most Linux; the BSD `script` of macOS takes other flags).
 */
export const noPtyReason: string | undefined = (() => {
  try {
    const version = execFileSync('script', ['--version'], {encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore']})
    return version.includes('util-linux') ? undefined : `\`script\` is not util-linux's (${version.trim()})`
  } catch {
    return 'util-linux `script` is not installed (apt-get install bsdutils / util-linux)'
  }
})()

/** Single-quotes a word for sh. */
export const sh = (word: string) => `'${word.replaceAll("'", "'\\''")}'`

/**
 * Runs a shell command line on a pseudo-terminal of `columns` columns: its stdin, stdout and stderr are the
 * terminal unless the line redirects them. What is written to the returned process's stdin is typed at the
 * terminal (Ctrl-C is "\u0003"); its stdout is what the terminal shows, with "\r\n" line ends.
 */
export function inPty(line: string, options: {env: Record<string, string>; cwd?: string; columns?: number}): ResultPromise {
  const command = `stty cols ${options.columns ?? 100} rows 40; ${line}`
  return execa('script', ['-qec', command, '/dev/null'], {
    env: options.env,
    extendEnv: false,
    cwd: options.cwd,
    reject: false,
    timeout: 120_000,
    stdin: 'pipe',
  })
}
