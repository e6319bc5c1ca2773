import {describe, expect, test} from 'vitest'

import {defaultLabels, outputs, SHA_DEV, type Case} from './helpers.js'

const labelsObject = (version: string, revision = SHA_DEV) =>
  Object.fromEntries(
    defaultLabels(version, revision).map(l => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)])
  )

describe('metaOutputs', () => {
  test('every metadata-action output is present', () => {
    expect(Object.keys(outputs('push_dev', {images: 'user/app'})).sort()).toEqual(
      [
        'annotations',
        'bake-file',
        'bake-file-annotations',
        'bake-file-labels',
        'bake-file-tags',
        'json',
        'labels',
        'tag-names',
        'tags',
        'version'
      ].sort()
    )
  })

  test.each<[string, string, Case, unknown]>([
    [
      'json01: invalid labels dropped, empty kept',
      'push_dev',
      {
        images: 'user/app',
        tags: 'type=ref,event=branch\ntype=raw,my\ntype=raw,custom\ntype=raw,tags',
        labels: 'invalid\nfoo='
      },
      {
        tags: ['user/app:dev', 'user/app:my', 'user/app:custom', 'user/app:tags'],
        'tag-names': ['dev', 'my', 'custom', 'tags'],
        labels: {foo: '', ...labelsObject('dev')},
        annotations: defaultLabels('dev', SHA_DEV).map(a => `manifest:${a}`)
      }
    ],
    [
      'json03: latest in tag-names',
      'tag_release1',
      {images: 'user/app', tags: 'type=ref,event=tag\ntype=raw,my'},
      {
        tags: ['user/app:release1', 'user/app:my', 'user/app:latest'],
        'tag-names': ['release1', 'my', 'latest'],
        labels: labelsObject('release1'),
        annotations: defaultLabels('release1', SHA_DEV).map(a => `manifest:${a}`)
      }
    ],
    [
      'json07: user labels with = in the value',
      'tag_v1.1.1',
      {
        images: 'org/app',
        labels:
          'foo\nmaintainer=CrazyMax\norg.opencontainers.image.title=MyCustom=Title\norg.opencontainers.image.description=Another description\norg.opencontainers.image.vendor=MyCompany'
      },
      {
        tags: ['org/app:v1.1.1', 'org/app:latest'],
        'tag-names': ['v1.1.1', 'latest'],
        labels: {
          maintainer: 'CrazyMax',
          ...labelsObject('v1.1.1'),
          'org.opencontainers.image.description': 'Another description',
          'org.opencontainers.image.title': 'MyCustom=Title',
          'org.opencontainers.image.vendor': 'MyCompany'
        },
        annotations: defaultLabels('v1.1.1', SHA_DEV).map(a => `manifest:${a}`)
      }
    ],
    [
      'no version',
      'empty',
      {images: 'user/app'},
      {
        tags: [],
        'tag-names': [],
        labels: labelsObject('', ''),
        annotations: defaultLabels('', '').map(a => `manifest:${a}`)
      }
    ]
  ])('json: %s', (_name, event, c, json) => {
    const out = outputs(event, c)
    expect(JSON.parse(out['json'] ?? '')).toEqual(json)
  })

  test('json key order and compact form', () => {
    const out = outputs('push_dev', {images: 'u/a', labels: 'b=1\na=2'})
    expect(out['json']).toMatch(
      /^\{"tags":\["u\/a:dev"\],"tag-names":\["dev"\],"labels":\{"a":"2","b":"1","org\.opencontainers\.image\.created":/
    )
  })

  test('separators', () => {
    const c: Case = {
      images: 'user/app',
      tags: 'type=ref,event=branch\ntype=raw,my\ntype=raw,custom\ntype=raw,tags'
    }
    expect(outputs('push_dev', {...c, 'sep-tags': ' '})['tags']).toBe(
      'user/app:dev user/app:my user/app:custom user/app:tags'
    )
    expect(outputs('push_dev', {...c, 'sep-tags': ','})['tags']).toBe(
      'user/app:dev,user/app:my,user/app:custom,user/app:tags'
    )
    expect(outputs('push_dev', {...c, 'sep-tags': ','})['tag-names']).toBe('dev,my,custom,tags')
    expect(outputs('push_dev', c)['tags']).toBe('user/app:dev\nuser/app:my\nuser/app:custom\nuser/app:tags')
    expect(outputs('push_dev', {...c, 'sep-labels': ';'})['labels']).toBe(
      defaultLabels('dev', SHA_DEV).join(';')
    )
    expect(outputs('push_dev', {...c, 'sep-annotations': ' | '})['annotations']).toBe(
      defaultLabels('dev', SHA_DEV)
        .map(a => `manifest:${a}`)
        .join(' | ')
    )
  })

  test('version', () => {
    expect(outputs('tag_v1.1.1', {tags: 'type=semver,pattern={{version}}'})['version']).toBe('1.1.1')
    expect(outputs('push_dev', {tags: 'type=semver,pattern={{version}}'})['version']).toBe('')
  })

  test('bake files (content; metadata-action writes them to files and outputs the paths)', () => {
    const c: Case = {
      images: 'user/app',
      tags: 'type=ref,event=branch\ntype=raw,my\ntype=raw,custom\ntype=raw,tags',
      labels: 'invalid'
    }
    const out = outputs('push_dev', c, {DOCKER_METADATA_ANNOTATIONS_LEVELS: 'index,manifest-descriptor'})
    expect(JSON.parse(out['bake-file-tags'] ?? '')).toEqual({
      target: {
        'docker-metadata-action': {
          tags: ['user/app:dev', 'user/app:my', 'user/app:custom', 'user/app:tags'],
          args: {DOCKER_META_IMAGES: 'user/app', DOCKER_META_VERSION: 'dev'}
        }
      }
    })
    expect(JSON.parse(out['bake-file-labels'] ?? '')).toEqual({
      target: {'docker-metadata-action': {labels: labelsObject('dev')}}
    })
    expect(JSON.parse(out['bake-file-annotations'] ?? '')).toEqual({
      target: {
        'docker-metadata-action': {
          annotations: [
            ...defaultLabels('dev', SHA_DEV).map(a => `index:${a}`),
            ...defaultLabels('dev', SHA_DEV).map(a => `manifest-descriptor:${a}`)
          ]
        }
      }
    })
    expect(JSON.parse(out['bake-file'] ?? '')).toEqual({
      target: {
        'docker-metadata-action': {
          tags: ['user/app:dev', 'user/app:my', 'user/app:custom', 'user/app:tags'],
          labels: labelsObject('dev'),
          args: {DOCKER_META_IMAGES: 'user/app', DOCKER_META_VERSION: 'dev'}
        }
      }
    })
    expect(out['bake-file-tags']).toMatch(/^\{\n {2}"target": \{\n {4}"docker-metadata-action": \{\n/)
  })

  test('bake target, several images, no version', () => {
    const out = outputs('tag_v1.1.1', {
      images: 'org/app\nghcr.io/user/app',
      tags: 'type=semver,pattern={{version}}',
      'bake-target': 'meta'
    })
    expect(JSON.parse(out['bake-file-tags'] ?? '')).toEqual({
      target: {
        meta: {
          tags: ['org/app:1.1.1', 'org/app:latest', 'ghcr.io/user/app:1.1.1', 'ghcr.io/user/app:latest'],
          args: {DOCKER_META_IMAGES: 'org/app,ghcr.io/user/app', DOCKER_META_VERSION: '1.1.1'}
        }
      }
    })
    // Without a version, DOCKER_META_VERSION is left out (undefined in JSON).
    expect(
      JSON.parse(
        outputs('push_dev', {images: 'u/a', tags: 'type=semver,pattern={{version}}'})['bake-file-tags'] ?? ''
      )
    ).toEqual({
      target: {'docker-metadata-action': {tags: [], args: {DOCKER_META_IMAGES: 'u/a'}}}
    })
  })
})
