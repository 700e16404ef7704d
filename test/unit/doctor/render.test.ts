import {describe, expect, it} from 'vitest'

import {redact, secretValues} from '../../../src/doctor/redact.js'
import {renderReport} from '../../../src/doctor/render.js'

describe('renderReport', () => {
  it('prints one line per check, fixes below warnings and failures, Codex\'s own doctor as a section', () => {
    const text = renderReport({
      ok: false,
      checks: [
        {id: 'a', status: 'pass', message: 'fine', fix: 'not shown for a pass'},
        {id: 'b', status: 'warn', message: 'hmm', fix: 'do this'},
        {id: 'c', status: 'fail', message: 'broken', fix: 'do that'},
        {id: 'd', status: 'info', message: 'fyi'},
        {id: 'codex-doctor:x', status: 'warn', message: 'codex says'},
      ],
    })
    expect(text).toBe(
      [
        '✓ fine',
        '! hmm',
        '    Fix: do this',
        '✗ broken',
        '    Fix: do that',
        'i fyi',
        '',
        'Codex\'s own doctor (codex doctor --json):',
        '! codex says',
        '',
        '1 failure, 2 warnings: agents will not run until the failures are fixed.',
      ].join('\n'),
    )
  })

  it('ends with a verdict', () => {
    expect(renderReport({ok: true, checks: [{id: 'a', status: 'pass', message: 'x'}]})).toMatch(/All checks passed\.$/)
    expect(renderReport({ok: true, checks: [{id: 'a', status: 'warn', message: 'x'}]})).toMatch(/No failures, 1 warning\.$/)
  })
})

describe('redaction', () => {
  it('scrubs secret-looking variables and the env_key, not paths or short values', () => {
    const secrets = secretValues(
      {OPENAI_API_KEY: 'sk-abcdef', MY_PROVIDER: 'provider-secret', SSH_AUTH_SOCK: '/tmp/ssh/agent', HOME: '/home/me', X_TOKEN: 'abc'},
      ['MY_PROVIDER'],
    )
    expect(secrets.sort()).toEqual(['provider-secret', 'sk-abcdef'])
    expect(redact({id: 'a', status: 'fail', message: 'key sk-abcdef!', fix: 'use provider-secret'}, secrets)).toEqual({
      id: 'a',
      status: 'fail',
      message: 'key ***!',
      fix: 'use ***',
    })
  })
})
