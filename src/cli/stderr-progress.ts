import {ux} from '@oclif/core'

export interface StderrProgress {
  update(text: string): void
  stop(finalText?: string): void
  /** Runs `fn` with the spinner out of the way (a question to the person). */
  pause<T>(fn: () => Promise<T>): Promise<T>
}

/** Live progress on stderr: a spinner on a TTY, one plain line per update otherwise (no ANSI in logs). */
export function stderrProgress(title: string, options: {quiet?: boolean; tty?: boolean} = {}): StderrProgress {
  if (options.quiet) return {update() {}, stop() {}, pause: (fn) => fn()}
  if (options.tty ?? process.stderr.isTTY) {
    ux.action.start(title)
    return {
      update: (text) => {
        ux.action.status = text
      },
      stop: (finalText) => ux.action.stop(finalText),
      pause: (fn) => ux.action.pauseAsync(fn),
    }
  }
  return {
    update: (text) => process.stderr.write(`› ${text}\n`),
    stop: () => {},
    pause: (fn) => fn(),
  }
}
