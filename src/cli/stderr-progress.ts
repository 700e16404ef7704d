export interface StderrProgress {
  update(text: string): void
  /** Resolves once the progress is off the terminal: print the result after it. */
  stop(finalText?: string): Promise<void>
  /** Runs `fn` with the spinner out of the way (a question to the person). */
  pause<T>(fn: () => Promise<T>): Promise<T>
}

/**
 * Live progress on stderr: oclif's spinner on a TTY, one plain line per update otherwise (no ANSI in logs).
 * The spinner's code (oclif's ux) loads while the agent starts, not before: `spawn` without oclif
 * (src/cli/fast-spawn.ts) starts Codex first.
 */
export function stderrProgress(title: string, options: {quiet?: boolean; tty?: boolean} = {}): StderrProgress {
  if (options.quiet) return {update() {}, stop: async () => {}, pause: (fn) => fn()}
  if (options.tty ?? process.stderr.isTTY) {
    // Callbacks on one promise run in the order they were added: the spinner sees the calls in order.
    const spinner = import('@oclif/core/ux').then(({ux}) => {
      ux.action.start(title)
      return ux.action
    })
    return {
      update: (text) => {
        void spinner.then((action) => {
          action.status = text
        })
      },
      stop: (finalText) => spinner.then((action) => action.stop(finalText)),
      pause: (fn) => spinner.then((action) => action.pauseAsync(fn)),
    }
  }
  return {
    update: (text) => process.stderr.write(`› ${text}\n`),
    stop: async () => {},
    pause: (fn) => fn(),
  }
}
