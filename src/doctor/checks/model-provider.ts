import type {DoctorContext} from '../context.js'
import {BUILT_IN_PROVIDERS} from '../codex-config.js'
import {check, type CheckResult} from '../types.js'

/** A base_url without credentials or query string: enough to recognise, nothing secret. */
export function safeUrl(url: string): string {
  try {
    const parsed = new URL(url)
    return `${parsed.protocol}//${parsed.host}${parsed.pathname}`
  } catch {
    return '(not a valid URL)'
  }
}

/** The model_provider an agent would use, with the profile applied. */
export function modelProviderCheck(ctx: Pick<DoctorContext, 'codexConfig'>): CheckResult[] {
  const {provider, location} = ctx.codexConfig
  if (!provider) return [] // config.toml or the profile file is unreadable: reported already
  if (provider.definition) {
    const url = provider.definition.base_url ? `, ${safeUrl(provider.definition.base_url)}` : ''
    return [check('model-provider', 'pass', `Model provider: ${provider.id} ([model_providers.${provider.id}]${url}; ${provider.source})`)]
  }
  if (provider.builtIn) return [check('model-provider', 'pass', `Model provider: ${provider.id} (built in; ${provider.source})`)]
  return [
    check(
      'model-provider',
      'fail',
      `model_provider "${provider.id}" (${provider.source}) is neither built in (${BUILT_IN_PROVIDERS.join(', ')}) nor defined in a [model_providers.${provider.id}] table: Codex will refuse to load its config.`,
      `add [model_providers.${provider.id}] with name, base_url and env_key to ${location.file}, or choose a built-in provider`,
    ),
  ]
}
