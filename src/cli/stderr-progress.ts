import {ux} from '@oclif/core'

export interface StderrProgress {
  update(text: string): void
  stop(finalText?: string): void
}

/** Live progress on stderr: a spinner on a TTY, one plain line per update otherwise (no ANSI in logs). */
export function stderrProgress(title: string, options: {quiet?: boolean; tty?: boolean} = {}): StderrProgress {
  if (options.quiet) return {update() {}, stop() {}}
  if (options.tty ?? process.stderr.isTTY) {
    ux.action.start(title)
    return {
      update: (text) => {
        ux.action.status = text
      },
      stop: (finalText) => ux.action.stop(finalText),
    }
  }
  return {
    update: (text) => process.stderr.write(`› ${text}\n`),
    stop: () => {},
  }
}
