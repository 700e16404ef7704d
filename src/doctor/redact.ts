import type {CheckResult} from './types.js'

const SECRET_NAME = /KEY|TOKEN|SECRET|PASSWORD|PASSWD|CREDENTIAL|AUTH/i
/** Secret-sounding names whose values are locations, not secrets (SSH_AUTH_SOCK, XAUTHORITY, *_KEY_FILE). */
const LOCATION_NAME = /(SOCK|_FILE|_PATH|_DIR|XAUTHORITY)$/i

/** Values never to print: secret-looking variables of the environment Codex gets, and the provider's env_key. */
export function secretValues(env: Record<string, string>, extraNames: string[] = []): string[] {
  const values = new Set<string>()
  for (const [name, value] of Object.entries(env)) {
    const secret = extraNames.includes(name) || (SECRET_NAME.test(name) && !LOCATION_NAME.test(name))
    if (secret && value.length >= 4) values.add(value)
  }
  // Longest first, so a secret containing another is replaced whole.
  return [...values].sort((a, b) => b.length - a.length)
}

/** A last line of defence: checks already avoid values, but text from Codex could still carry one. */
export function redact(result: CheckResult, secrets: string[]): CheckResult {
  const scrub = (text: string) => secrets.reduce((out, secret) => out.split(secret).join('***'), text)
  return {...result, message: scrub(result.message), ...(result.fix === undefined ? {} : {fix: scrub(result.fix)})}
}
