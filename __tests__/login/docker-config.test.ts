import {describe, expect, test} from 'vitest'
import {configKey, mergeDockerConfig} from '../../src/login/docker-config.js'

const auth = (registry: string) => ({registry, username: 'u', password: 'p', source: 'test'})

describe('mergeDockerConfig', () => {
  test('Docker Hub uses the v1 index key, others host:port', () => {
    expect(configKey('docker.io')).toBe('https://index.docker.io/v1/')
    expect(configKey('127.0.0.1:5000')).toBe('127.0.0.1:5000')
  })

  test('keeps earlier logins and settings, adds ours, drops helpers that would shadow ours', () => {
    const existing = {
      auths: {'quay.io': {auth: 'eDp5'}, 'ghcr.io': {auth: 'b2xkOm9sZA=='}},
      credHelpers: {'ghcr.io': 'gh', 'gcr.io': 'gcloud'},
      credsStore: 'desktop',
      proxies: {default: {httpProxy: 'http://proxy:3128'}}
    }
    expect(mergeDockerConfig(existing, [auth('ghcr.io'), auth('docker.io')])).toEqual({
      auths: {
        'quay.io': {auth: 'eDp5'},
        'ghcr.io': {auth: 'dTpw'},
        'https://index.docker.io/v1/': {auth: 'dTpw'}
      },
      credHelpers: {'gcr.io': 'gcloud'},
      proxies: {default: {httpProxy: 'http://proxy:3128'}}
    })
  })

  test('keeps every setting that is not a credential: contexts, aliases, plugin dirs, proxies', () => {
    const settings = {
      currentContext: 'ctx-x',
      aliases: {builder: 'buildx'},
      cliPluginsExtraDirs: ['/opt/docker-plugins'],
      proxies: {default: {noProxy: 'localhost'}},
      features: {hooks: 'true'},
      psFormat: 'table {{.ID}}'
    }
    expect(mergeDockerConfig(settings, [auth('r:1')])).toEqual({...settings, auths: {'r:1': {auth: 'dTpw'}}})
  })

  test('an empty start gives just our auths', () => {
    expect(mergeDockerConfig({}, [auth('r:1')])).toEqual({auths: {'r:1': {auth: 'dTpw'}}})
  })
})
