import {describe, expect, test} from 'vitest'
import {
  cacheExportSeconds,
  cacheImports,
  dockerPushStats,
  parseBuildahOutput,
  parseBuildkitProgress,
  stageStats
} from '../../src/cache/progress.js'

// Abridged from a real `DOCKER_BUILDKIT=1 docker build --progress=plain` on docker 20.10.24.
const DOCKER_20_10 = `#1 [internal] load build definition from Dockerfile
#1 sha256:4b9e8d69cd554c6acd68f30936d816022fbff310c54c1f9e126a85e07d72088f
#1 transferring dockerfile: 407B done
#1 DONE 0.0s

#3 [internal] load metadata for 127.0.0.1:5055/base/busybox:1
#3 DONE 0.1s

#4 [deps 1/3] FROM 127.0.0.1:5055/base/busybox:1@sha256:098c4dcfdb2d42d691a4b0b35b4981f5f90c95715dbdd522228398fb1325144e
#4 DONE 0.0s

#15 importing cache manifest from 127.0.0.1:5055/exp/app:nope-missing
#15 ERROR: 127.0.0.1:5055/exp/app:nope-missing: not found

#14 importing cache manifest from 127.0.0.1:5055/exp/app:buildcache-main
#14 DONE 0.0s

#6 [deps 2/3] COPY deps.txt /deps.txt
#6 CACHED

#7 [deps 3/3] RUN sleep 2 && cat /deps.txt > /deps.out && echo deps-done
#7 CACHED

#8 [build 2/4] COPY --from=deps /deps.out /deps.out
#8 CACHED

#9 [build 3/4] COPY build.txt /build.txt
#9 DONE 0.1s

#10 [build 4/4] RUN sleep 2 && cat /deps.out /build.txt > /build.out
#10 2.013 some output
#10 DONE 2.6s

#4 [deps 1/3] FROM 127.0.0.1:5055/base/busybox:1@sha256:098c4dcfdb2d42d691a4b0b35b4981f5f90c95715dbdd522228398fb1325144e
#4 DONE 0.0s

#17 exporting to image
#17 exporting layers done
#17 DONE 0.0s

#18 exporting cache
#18 preparing build cache for export done
#18 DONE 0.3s
`

describe('BuildKit plain progress', () => {
  const vertices = parseBuildkitProgress(DOCKER_20_10)

  test('stages: own steps only (no FROM, no internal), cached vs ran, run time', () => {
    expect(stageStats(vertices)).toEqual([
      {stage: 'deps', steps: 2, cached: 2, ran: 0, seconds: 0},
      {stage: 'build', steps: 3, cached: 1, ran: 2, seconds: 2.7}
    ])
  })

  test('a single-stage Dockerfile prints steps without a stage name', () => {
    const single = parseBuildkitProgress(
      '#5 [2/3] RUN true\n#5 CACHED\n#6 [3/3] RUN false\n#6 ERROR: exit code 1\n'
    )
    expect(stageStats(single)).toEqual([{stage: 'stage-0', steps: 2, cached: 1, ran: 1, seconds: 0}])
  })

  test('cache imports: a missing ref is reported, not fatal', () => {
    expect(cacheImports(vertices)).toEqual([
      {ref: '127.0.0.1:5055/exp/app:nope-missing', found: false},
      {ref: '127.0.0.1:5055/exp/app:buildcache-main', found: true}
    ])
  })

  test('export time', () => {
    expect(cacheExportSeconds(vertices)).toBe(0.3)
    expect(
      cacheExportSeconds(parseBuildkitProgress('#20 exporting cache to registry\n#20 DONE 12.5s\n'))
    ).toBe(12.5)
  })
})

test('docker push layer lines', () => {
  const out = [
    'The push refers to repository [127.0.0.1:5055/exp/app]',
    '9008bd933272: Pushed',
    '27665b86b534: Layer already exists',
    '1da6cdc9b48b: Mounted from exp/other',
    'buildcache-main: digest: sha256:ab size: 942'
  ].join('\n')
  expect(dockerPushStats(out)).toEqual({pushed: 1, existing: 2})
})

// Abridged from buildah 1.28 `bud --layers --cache-from R --cache-to R`.
const BUILDAH = `[1/3] STEP 1/3: FROM 127.0.0.1:5055/base/busybox:1 AS deps
[1/3] STEP 2/3: COPY deps.txt /deps.txt
--> Cache pulled from remote 127.0.0.1:5055/exp/bh-cache:c1e7e5d2
--> Using cache 923b23e85c851293c9648cf66a06cc1b8b3110e74f1dcc9485b409cca7e4e663
--> 923b23e85c8
[1/3] STEP 3/3: RUN sleep 2 && cat /deps.txt > /deps.out && echo deps-done
--> Using cache 212a44b794b562994942cc906347a984417be93964e34038025e7fe7045ab65f
--> 212a44b794b
[2/3] STEP 1/4: FROM 127.0.0.1:5055/base/busybox:1 AS build
[2/3] STEP 2/4: COPY --from=deps /deps.out /deps.out
--> Cache pulled from remote 127.0.0.1:5055/exp/bh-cache:bac8ffc5
--> Using cache 121e6bb417fb8fdd4adb318dd8ad710c54ac3a295d689166cd42a94151073635
--> 121e6bb417f
[2/3] STEP 3/4: COPY build.txt /build.txt
--> Pushing cache 127.0.0.1:5055/exp/bh-cache:a1beaa6b
--> 824abcb4b7e
[2/3] STEP 4/4: RUN sleep 2 && cat /deps.out /build.txt > /build.out
--> Pushing cache 127.0.0.1:5055/exp/bh-cache:af4c9307
--> e8d62152627
[3/3] STEP 1/2: FROM 127.0.0.1:5055/base/busybox:1
[3/3] STEP 2/3: COPY --from=build /build.out /app/build.out
--> 0a1b2c3d4e5
[3/3] STEP 3/3: LABEL "org.opencontainers.image.revision"="0123"
--> Using cache 5f6e7d
[3/3] COMMIT 127.0.0.1:5055/exp/bh:v2
--> Pushing cache 127.0.0.1:5055/exp/bh-cache:bece11c2
--> d8dd8d418e8
`

test('buildah step log', () => {
  expect(parseBuildahOutput(BUILDAH)).toEqual({
    stages: [
      {stage: 'deps', steps: 2, cached: 2, ran: 0},
      {stage: 'build', steps: 3, cached: 1, ran: 2},
      {stage: 'stage-2', steps: 1, cached: 0, ran: 1}
    ],
    cachePulls: 2,
    cachePushes: 3
  })
  expect(parseBuildahOutput('STEP 1/2: FROM x\nSTEP 2/2: RUN y\n--> Using cache abc\n').stages).toEqual([
    {stage: 'stage-0', steps: 1, cached: 1, ran: 0}
  ])
})
