import {afterEach, describe, expect, it} from 'vitest'
import {IncompleteListError, RegistryNotFoundError} from '../../src/registry/errors.js'
import {MediaType} from '../../src/registry/manifest-format.js'
import {startFake, type FakeOptions, type FakeRegistry} from './fake-registry.js'
import {clientFor, imageManifest} from './support.js'

let fake: FakeRegistry | undefined
afterEach(async () => {
  await fake?.stop()
  fake = undefined
})

const TAGS = Array.from({length: 53}, (_, i) => `t${String(i).padStart(3, '0')}`)

async function registry(options: FakeOptions = {}, tags = TAGS): Promise<FakeRegistry> {
  fake = await startFake(options)
  const manifest = Buffer.from(imageManifest(`sha256:${'c'.repeat(64)}`))
  for (const tag of tags) fake.putManifest('team/app', tag, manifest, MediaType.ociManifest)
  return fake
}

const pages = (f: FakeRegistry): string[] => f.log.filter(l => l.url.includes('/tags/list')).map(l => l.url)

describe('listTags', () => {
  it.each(['relative', 'absolute'] as const)('follows %s Link headers across pages', async link => {
    const f = await registry({link})
    expect(await clientFor(f).listTags('team/app', {pageSize: 10})).toEqual(TAGS)
    expect(pages(f)).toHaveLength(6)
    expect(pages(f)[0]).toBe('/v2/team/app/tags/list?n=10')
    expect(pages(f)[1]).toBe('/v2/team/app/tags/list?last=t009&n=10')
  })

  it('reads everything in one page without n', async () => {
    const f = await registry()
    expect(await clientFor(f).listTags('team/app')).toEqual(TAGS)
    expect(pages(f)).toEqual(['/v2/team/app/tags/list'])
  })

  it('checks a full page without Link with the last parameter', async () => {
    const f = await registry({link: 'none'})
    expect(await clientFor(f).listTags('team/app', {pageSize: 10})).toEqual(TAGS)
    expect(pages(f)).toContain('/v2/team/app/tags/list?n=10&last=t049')
  })

  it('stops after a short page without Link', async () => {
    const f = await registry({link: 'none'}, TAGS.slice(0, 25))
    expect(await clientFor(f).listTags('team/app', {pageSize: 10})).toHaveLength(25)
    expect(pages(f)).toHaveLength(3)
  })

  it('throws IncompleteListError when the registry ignores last', async () => {
    const f = await registry({link: 'none', ignoreLast: true})
    const list = clientFor(f).listTags('team/app', {pageSize: 10})
    await expect(list).rejects.toThrow(IncompleteListError)
    await expect(list).rejects.toThrow('ignores the "last" parameter')
  })

  it('accepts one answer from a registry that ignores both n and last (distribution 2.8)', async () => {
    const f = await registry({link: 'none', ignoreLast: true, ignoreN: true})
    expect(await clientFor(f).listTags('team/app', {pageSize: 10})).toEqual(TAGS)
    expect(pages(f)).toEqual(['/v2/team/app/tags/list?n=10', '/v2/team/app/tags/list?n=10&last=t052'])
  })

  it('throws IncompleteListError with the partial list when a later page fails for good', async () => {
    const f = await registry()
    f.faults.push({when: req => (req.url ?? '').includes('last=t019'), times: 99, action: {status: 503}})
    const error = await clientFor(f, {retry: {maxAttempts: 3}})
      .listTags('team/app', {pageSize: 10})
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(IncompleteListError)
    const incomplete = error as IncompleteListError
    expect(incomplete.partial).toEqual(TAGS.slice(0, 20))
    expect(incomplete.message).toContain(`could not list all tags of ${f.host}/team/app`)
    expect(incomplete.message).toContain('after 3 attempts')
  })

  it('recovers from a transient failure on a later page', async () => {
    const f = await registry()
    f.faults.push({when: req => (req.url ?? '').includes('last=t029'), times: 2, action: {status: 502}})
    expect(await clientFor(f).listTags('team/app', {pageSize: 10})).toEqual(TAGS)
  })

  it('throws IncompleteListError on a Link loop or past the page guard', async () => {
    const f = await registry()
    f.faults.push({
      when: req => (req.url ?? '').includes('last=t009'),
      times: 99,
      action: {
        status: 200,
        headers: {
          'content-type': 'application/json',
          link: '</v2/team/app/tags/list?last=t009&n=10>; rel="next"'
        },
        body: '{"tags":["t010"]}'
      }
    })
    await expect(clientFor(f).listTags('team/app', {pageSize: 10})).rejects.toThrow('repeats')
    await expect(clientFor(f).listTags('team/app', {pageSize: 10, maxPages: 1})).rejects.toThrow(
      'more than 1 pages'
    )
  })

  it('reports a missing repository as not found, not as an empty list', async () => {
    const f = await registry({}, [])
    const list = clientFor(f).listTags('team/app')
    await expect(list).rejects.toThrow(RegistryNotFoundError)
    await expect(list).rejects.toThrow('repository team/app does not exist')
  })

  it('rejects a bad page size', async () => {
    const f = await registry()
    await expect(clientFor(f).listTags('team/app', {pageSize: 0})).rejects.toThrow(RangeError)
  })
})
