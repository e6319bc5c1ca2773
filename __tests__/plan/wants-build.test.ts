import {expect, test} from 'vitest'
import {wantsBuild} from '../../src/plan/wants-build.js'

test('build: auto builds unless prune is all that is asked for', () => {
  const asks = {prune: true, push: false, load: false, outputs: false, promote: false}
  expect(wantsBuild('auto', asks)).toBe(false)
  expect(wantsBuild('auto', {...asks, push: true})).toBe(true)
  expect(wantsBuild('auto', {...asks, prune: false})).toBe(true)
  expect(wantsBuild('true', asks)).toBe(true)
  expect(wantsBuild('false', {...asks, push: true})).toBe(false)
})
