import {describe, expect, test} from 'vitest'

import {enabledImageNames, parseImages} from '../../src/tags/images.js'
import {run, SHA_DEV} from './helpers.js'

describe('parseImages', () => {
  test.each([
    [['name/foo'], [{name: 'name/foo', enable: true}]],
    [
      ['name/foo,name/bar'],
      [
        {name: 'name/foo', enable: true},
        {name: 'name/bar', enable: true}
      ]
    ],
    [
      ['name/foo', 'name/bar'],
      [
        {name: 'name/foo', enable: true},
        {name: 'name/bar', enable: true}
      ]
    ],
    [
      ['name=name/bar', 'name/foo,enable=false', 'name=ghcr.io/UserName/Foo,enable=true'],
      [
        {name: 'name/bar', enable: true},
        {name: 'name/foo', enable: false},
        {name: 'ghcr.io/UserName/Foo', enable: true}
      ]
    ],
    // The last name wins within a line.
    [['name/foo,name=name/bar,enable=true'], [{name: 'name/bar', enable: true}]],
    // Only the text up to a second '=' is the value.
    [['name=a/b=c'], [{name: 'a/b', enable: true}]],
    // The legacy comma form accepts an empty name (a trailing comma).
    [
      ['name/foo,'],
      [
        {name: 'name/foo', enable: true},
        {name: '', enable: true}
      ]
    ],
    [['ENABLE=false,NAME=x/y'], [{name: 'x/y', enable: false}]]
  ])('%j', (entries, expected) => {
    expect(parseImages(entries)).toEqual(expected)
  })

  test.each([
    [['value=name/foo'], /^input 'images': line "value=name\/foo": unknown attribute 'value'/],
    [
      ['name/foo,enable=bar'],
      /line "name\/foo,enable=bar": attribute 'enable' must be true or false, got 'bar'/
    ],
    [['name/foo,enable=TRUE'], /attribute 'enable' must be true or false, got 'TRUE'/],
    [['name/foo,bar=baz'], /unknown attribute 'bar'/],
    [['name=,enable=true'], /line "name=,enable=true": attribute 'name' is empty/],
    [['a/b', 'enable=false'], /line "enable=false": attribute 'name' is empty/]
  ])('%j is an input error', (entries, message) => {
    expect(() => parseImages(entries)).toThrow(message)
  })

  test('enabled names are lower-cased', () => {
    expect(
      enabledImageNames([
        {name: 'ghcr.io/MyUSER/MyApp', enable: true},
        {name: 'Off/App', enable: false}
      ])
    ).toEqual(['ghcr.io/myuser/myapp'])
  })
})

describe('images in the computed tags', () => {
  test.each([
    ['one image', 'user/app', ['user/app:dev']],
    ['two images, image-major order', 'org/app\nghcr.io/user/app', ['org/app:dev', 'ghcr.io/user/app:dev']],
    ['upper case is lowered', 'org/app\nghcr.io/MyUSER/MyApp', ['org/app:dev', 'ghcr.io/myuser/myapp:dev']],
    ['a disabled image is skipped', 'org/app\nghcr.io/user/app,enable=false', ['org/app:dev']],
    ['all disabled gives bare tags', 'name=org/app,enable=false', ['dev']],
    ['no images gives bare tags', '', ['dev']],
    ['an empty legacy name gives a bare tag', 'name/foo,', ['name/foo:dev', 'dev']],
    ['comments are ignored', 'user/app\n# ghcr.io/user/app', ['user/app:dev']]
  ])('%s', (_name, images, tags) => {
    expect(run('push_dev', {images}).tags).toEqual(tags)
  })

  test('images output lists the enabled, lower-cased names', () => {
    const meta = run('push_dev', {
      images: 'Org/App\nx/y,enable=false\nname=ghcr.io/A/B',
      tags: 'type=sha,format=long'
    })
    expect(meta.images).toEqual(['org/app', 'ghcr.io/a/b'])
    expect(meta.tags).toEqual([`org/app:sha-${SHA_DEV}`, `ghcr.io/a/b:sha-${SHA_DEV}`])
  })
})
