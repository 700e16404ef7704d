import {mkdtemp, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import path from 'node:path'

export const STUB_ENV_KEY = 'STUB_API_KEY'

export interface CodexHome {
  dir: string
  /** Environment for a child that should run Codex against the stub (API key included). */
  env: Record<string, string>
  cleanup(): Promise<void>
}

/** A throwaway CODEX_HOME whose config.toml points a custom provider at the stub: never the user's ~/.codex. */
export async function createCodexHome(providerUrl: string, extraToml = ''): Promise<CodexHome> {
  const dir = await mkdtemp(path.join(tmpdir(), 'codex-mcp-home-'))
  await writeFile(path.join(dir, 'config.toml'), codexConfigToml(providerUrl) + extraToml)
  return {
    dir,
    env: {CODEX_HOME: dir, [STUB_ENV_KEY]: 'stub-secret-value'},
    cleanup: () => rm(dir, {recursive: true, force: true}),
  }
}

export function codexConfigToml(providerUrl: string): string {
  return `model = "stub-model"
model_provider = "stub"
approval_policy = "never"
sandbox_mode = "danger-full-access"
check_for_update_on_startup = false

[model_providers.stub]
name = "stub"
base_url = "${providerUrl}"
wire_api = "responses"
env_key = "${STUB_ENV_KEY}"
request_max_retries = 0
stream_max_retries = 0
stream_idle_timeout_ms = 300000

[analytics]
enabled = false
[feedback]
enabled = false
`
}
