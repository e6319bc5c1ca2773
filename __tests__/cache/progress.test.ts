import {describe, expect, test} from 'vitest'
import {parseCacheValue} from '../../src/cache/args.js'
import {
  buildxMessages,
  dockerPushStats,
  parseBuildahOutput,
  parseBuildkitProgress,
  stageStats
} from '../../src/cache/progress.js'
import {
  buildFailedOnCache,
  cacheExportSeconds,
  cacheImports,
  cacheOutcome,
  classifyCacheError
} from '../../src/cache/outcome.js'
import type {CacheErrorKind, CacheImport} from '../../src/cache/outcome.js'
import type {CacheWrite} from '../../src/cache/outcome.js'
import {fixtureNames, progressFixture} from './progress-fixtures.js'

interface Expected {
  /** Per stage: name, steps, from cache, ran, of which pulled from the remote cache. */
  readonly stages: [stage: string, steps: number, cached: number, ran: number, remote: number][]
  readonly imports: CacheImport[]
  readonly exports: CacheWrite[]
  readonly exportSeconds: number
  readonly warnings: string[]
  readonly notes: string[]
  /** The warning of buildFailedOnCache, for builds that failed only for their cache. */
  readonly failedOnCache?: string
}

/**
 * Every fixture under __tests__/fixtures/buildkit-progress: real captures (buildx 0.13.1 on docker 26.1.5,
 * both image stores; docker 20.10.24) and, marked SYNTHETIC, outputs built from BuildKit 0.10–0.28 sources.
 * The cache values are those of the command in each fixture's header.
 */
const FIXTURES: Record<string, Expected> = {
  'buildkit-0.10_SYNTHETIC-from-source_export-401-fails-build.txt': {
    stages: [['stage-0', 2, 0, 2, 0]],
    imports: [
      {
        ref: 'registry.example/app:buildcache-main',
        found: false,
        error: 'unexpected status: 401 Unauthorized'
      }
    ],
    exports: [
      {
        ref: 'registry.example/app:buildcache-main',
        ok: false,
        seconds: 0.6,
        error: 'error writing layer blob: unexpected status: 401 Unauthorized'
      }
    ],
    exportSeconds: 0.6,
    warnings: [
      'Could not read the layer cache registry.example/app:buildcache-main (not authorized: log in to the registry with an account that may pull it); built without it: unexpected status: 401 Unauthorized',
      'Could not write the layer cache registry.example/app:buildcache-main (the build itself succeeded; not authorized: log in to the registry with an account that may push it): error writing layer blob: unexpected status: 401 Unauthorized'
    ],
    notes: [],
    failedOnCache:
      'The build failed only because the layer cache could not be written (a failed export fails the build without ignore-error=true, and on BuildKit < 0.11 whatever it says); building again without writing the cache: error writing layer blob: unexpected status: 401 Unauthorized'
  },
  'buildkit-0.11_SYNTHETIC-from-source_export-401-ignore-error.txt': {
    stages: [
      ['build', 1, 0, 1, 0],
      ['stage-1', 1, 0, 1, 0]
    ],
    imports: [
      {
        ref: 'registry.example/app:buildcache-main',
        found: false,
        error: 'failed to configure registry cache importer: unexpected status: 401 Unauthorized'
      }
    ],
    exports: [
      {
        ref: 'registry.example/app:buildcache-main',
        ok: false,
        seconds: 2.7,
        error: 'error writing layer blob: unexpected status: 401 Unauthorized'
      }
    ],
    exportSeconds: 2.7,
    warnings: [
      'Could not read the layer cache registry.example/app:buildcache-main (not authorized: log in to the registry with an account that may pull it); built without it: failed to configure registry cache importer: unexpected status: 401 Unauthorized',
      'Could not write the layer cache registry.example/app:buildcache-main (the build itself succeeded; not authorized: log in to the registry with an account that may push it): error writing layer blob: unexpected status: 401 Unauthorized'
    ],
    notes: []
  },
  'buildkit-0.11_SYNTHETIC-from-source_gha.txt': {
    stages: [['stage-0', 1, 0, 1, 0]],
    imports: [
      {ref: 'app-buildcache-pr-5', found: true},
      {ref: 'app-buildcache-main', found: true}
    ],
    exports: [{ref: 'app-buildcache-pr-5', ok: true, seconds: 3.1}],
    exportSeconds: 3.1,
    warnings: [],
    notes: []
  },
  'buildkit-0.11_SYNTHETIC-from-source_image-manifest-ignored.txt': {
    stages: [['stage-0', 1, 1, 0, 0]],
    imports: [{ref: 'registry.example/app:buildcache-main', found: true}],
    exports: [{ref: 'registry.example/app:buildcache-main', ok: true, seconds: 1.3}],
    exportSeconds: 1.3,
    warnings: [],
    notes: [
      'BuildKit wrote the layer cache registry.example/app:buildcache-main as an OCI index, not the image manifest asked for (image-manifest needs BuildKit ≥ 0.12).'
    ]
  },
  'buildkit-0.12_SYNTHETIC-from-source_inline-step.txt': {
    stages: [['stage-0', 1, 0, 1, 0]],
    imports: [{ref: 'registry.example/app:buildcache-main', found: false}],
    exports: [{ref: 'inline', ok: true, seconds: 0.2}],
    exportSeconds: 0.2,
    warnings: [],
    notes: []
  },
  'buildkit-0.28_SYNTHETIC-from-source_sending-cache-export.txt': {
    stages: [['stage-0', 2, 1, 1, 1]],
    imports: [{ref: 'registry.example/app:buildcache-main', found: true}],
    exports: [{ref: 'registry.example/app:buildcache-main', ok: true, seconds: 1.1}],
    exportSeconds: 1.1,
    warnings: [],
    notes: []
  },
  'buildx-0.13.1_buildkit-0.13_classic-store_export-unsupported.txt': {
    stages: [],
    imports: [],
    exports: [
      {
        ref: '127.0.0.1:40997/cx/app:buildcache-main',
        ok: false,
        seconds: 0,
        error: 'BuildKit printed no export step for it'
      }
    ],
    exportSeconds: 0,
    warnings: [
      'Could not write the layer cache 127.0.0.1:40997/cx/app:buildcache-main: BuildKit printed no export step for it'
    ],
    notes: [],
    failedOnCache:
      'This builder cannot export a layer cache (the docker driver on the classic image store); building again without writing the cache: Cache export is not supported for the docker driver.'
  },
  'buildx-0.13.1_buildkit-0.13_classic-store_import-401.txt': {
    stages: [
      ['deps', 2, 0, 2, 0],
      ['build', 4, 0, 4, 0],
      ['stage-2', 4, 0, 4, 0]
    ],
    imports: [
      {
        ref: '127.0.0.1:40645/cx/app:buildcache-main',
        found: false,
        error:
          'failed to configure registry cache importer: unexpected status from HEAD request to https://127.0.0.1:40645/v2/cx/app/manifests/buildcache-main: 401 Unauthorized'
      }
    ],
    exports: [],
    exportSeconds: 0,
    warnings: [
      'Could not read the layer cache 127.0.0.1:40645/cx/app:buildcache-main (not authorized: log in to the registry with an account that may pull it); built without it: failed to configure registry cache importer: unexpected status from HEAD request to https://127.0.0.1:40645/v2/cx/app/manifests/buildcache-main: 401 Unauthorized'
    ],
    notes: []
  },
  'buildx-0.13.1_buildkit-0.13_classic-store_import-remote-hits.txt': {
    stages: [
      ['build', 4, 4, 0, 0],
      ['deps', 2, 2, 0, 0],
      ['stage-2', 4, 4, 0, 1]
    ],
    imports: [{ref: '127.0.0.1:40997/cx/app:buildcache-main', found: true}],
    exports: [],
    exportSeconds: 0,
    warnings: [],
    notes: []
  },
  'buildx-0.13.1_buildkit-0.13_classic-store_inline-push.txt': {
    stages: [
      ['deps', 2, 0, 2, 0],
      ['build', 4, 0, 4, 0],
      ['stage-2', 4, 0, 4, 0]
    ],
    imports: [{ref: '127.0.0.1:40997/cx/inline:buildcache-main', found: false}],
    exports: [{ref: 'inline', ok: true, seconds: 0}],
    exportSeconds: 0,
    warnings: [],
    notes: []
  },
  'buildx-0.13.1_buildkit-0.13_classic-store_partial-remote-hits.txt': {
    stages: [
      ['build', 4, 4, 0, 0],
      ['stage-2', 4, 2, 2, 1],
      ['deps', 2, 2, 0, 0]
    ],
    imports: [{ref: '127.0.0.1:43831/cx/app:buildcache-main', found: true}],
    exports: [],
    exportSeconds: 0,
    warnings: [],
    notes: []
  },
  'buildx-0.13.1_buildkit-0.13_containerd-store_401-export-import.txt': {
    stages: [
      ['deps', 2, 0, 2, 0],
      ['build', 4, 0, 4, 0],
      ['stage-2', 4, 0, 4, 0]
    ],
    imports: [
      {
        ref: '127.0.0.1:40645/cx/app:buildcache-main',
        found: false,
        error:
          'failed to configure registry cache importer: unexpected status from HEAD request to https://127.0.0.1:40645/v2/cx/app/manifests/buildcache-main: 401 Unauthorized'
      }
    ],
    exports: [
      {
        ref: '127.0.0.1:40645/cx/app:buildcache-main',
        ok: false,
        seconds: 0.4,
        error:
          'error writing layer blob: unexpected status from HEAD request to https://127.0.0.1:40645/v2/cx/app/blobs/sha256:027ed655343ce187fdd3a61cea8ae8f2de4cb4efc806a82fefec4743bc2ab8bf: 401 Unauthorized'
      }
    ],
    exportSeconds: 0.4,
    warnings: [
      'Could not read the layer cache 127.0.0.1:40645/cx/app:buildcache-main (not authorized: log in to the registry with an account that may pull it); built without it: failed to configure registry cache importer: unexpected status from HEAD request to https://127.0.0.1:40645/v2/cx/app/manifests/buildcache-main: 401 Unauthorized',
      'Could not write the layer cache 127.0.0.1:40645/cx/app:buildcache-main (the build itself succeeded; not authorized: log in to the registry with an account that may push it): error writing layer blob: unexpected status from HEAD request to https://127.0.0.1:40645/v2/cx/app/blobs/sha256:027ed655343ce187fdd3a61cea8ae8f2de4cb4efc806a82fefec4743bc2ab8bf: 401 Unauthorized'
    ],
    notes: []
  },
  'buildx-0.13.1_buildkit-0.13_containerd-store_401-export-without-ignore-error.txt': {
    stages: [
      ['deps', 2, 0, 2, 0],
      ['build', 4, 0, 4, 0],
      ['stage-2', 4, 0, 4, 0]
    ],
    imports: [],
    exports: [
      {
        ref: '127.0.0.1:40645/cx/app:buildcache-main',
        ok: false,
        seconds: 0.3,
        error:
          'error writing layer blob: unexpected status from HEAD request to https://127.0.0.1:40645/v2/cx/app/blobs/sha256:04b0968d6111760925c6c642fb899b259e7ae46048f602c0c248f7821eba688e: 401 Unauthorized'
      }
    ],
    exportSeconds: 0.3,
    warnings: [
      'Could not write the layer cache 127.0.0.1:40645/cx/app:buildcache-main (the build itself succeeded; not authorized: log in to the registry with an account that may push it): error writing layer blob: unexpected status from HEAD request to https://127.0.0.1:40645/v2/cx/app/blobs/sha256:04b0968d6111760925c6c642fb899b259e7ae46048f602c0c248f7821eba688e: 401 Unauthorized'
    ],
    notes: [],
    failedOnCache:
      'The build failed only because the layer cache could not be written (a failed export fails the build without ignore-error=true, and on BuildKit < 0.11 whatever it says); building again without writing the cache: error writing layer blob: unexpected status from HEAD request to https://127.0.0.1:40645/v2/cx/app/blobs/sha256:04b0968d6111760925c6c642fb899b259e7ae46048f602c0c248f7821eba688e: 401 Unauthorized'
  },
  'buildx-0.13.1_buildkit-0.13_containerd-store_403-export-import.txt': {
    stages: [
      ['deps', 2, 0, 2, 0],
      ['build', 4, 0, 4, 0],
      ['stage-2', 4, 0, 4, 0]
    ],
    imports: [
      {
        ref: '127.0.0.1:46307/cx/app:buildcache-main',
        found: false,
        error:
          'failed to configure registry cache importer: unexpected status from HEAD request to http://127.0.0.1:46307/v2/cx/app/manifests/buildcache-main: 403 Forbidden'
      }
    ],
    exports: [
      {
        ref: '127.0.0.1:46307/cx/app:buildcache-main',
        ok: false,
        seconds: 0.3,
        error:
          'error writing layer blob: unexpected status from POST request to http://127.0.0.1:46307/v2/cx/app/blobs/uploads/: 403 Forbidden'
      }
    ],
    exportSeconds: 0.3,
    warnings: [
      'Could not read the layer cache 127.0.0.1:46307/cx/app:buildcache-main (access denied, or the repository does not exist yet); built without it: failed to configure registry cache importer: unexpected status from HEAD request to http://127.0.0.1:46307/v2/cx/app/manifests/buildcache-main: 403 Forbidden',
      'Could not write the layer cache 127.0.0.1:46307/cx/app:buildcache-main (the build itself succeeded; access denied: the account may not push it): error writing layer blob: unexpected status from POST request to http://127.0.0.1:46307/v2/cx/app/blobs/uploads/: 403 Forbidden'
    ],
    notes: []
  },
  'buildx-0.13.1_buildkit-0.13_containerd-store_cold-export.txt': {
    stages: [
      ['deps', 2, 0, 2, 0],
      ['build', 4, 0, 4, 0],
      ['stage-2', 4, 0, 4, 0]
    ],
    imports: [{ref: '127.0.0.1:40997/cx/app:buildcache-main', found: false}],
    exports: [{ref: '127.0.0.1:40997/cx/app:buildcache-main', ok: true, seconds: 0.7}],
    exportSeconds: 0.7,
    warnings: [],
    notes: []
  },
  'buildx-0.13.1_buildkit-0.13_containerd-store_connection-dropped.txt': {
    stages: [
      ['deps', 2, 0, 2, 0],
      ['build', 4, 0, 4, 0],
      ['stage-2', 4, 0, 4, 0]
    ],
    imports: [
      {
        ref: '127.0.0.1:36897/cx/app:buildcache-main',
        found: false,
        error:
          'failed to configure registry cache importer: failed to do request: Head "https://127.0.0.1:36897/v2/cx/app/manifests/buildcache-main": EOF'
      }
    ],
    exports: [
      {
        ref: '127.0.0.1:36897/cx/app:buildcache-main',
        ok: false,
        seconds: 7.7,
        error:
          'error writing layer blob: failed to do request: Head "https://127.0.0.1:36897/v2/cx/app/blobs/sha256:0084a0dd3d9a7f6945443db278cbe62a88c91a941a95cbaae7654b226e1895ec": EOF'
      }
    ],
    exportSeconds: 7.7,
    warnings: [
      'Could not read the layer cache 127.0.0.1:36897/cx/app:buildcache-main (could not connect); built without it: failed to configure registry cache importer: failed to do request: Head "https://127.0.0.1:36897/v2/cx/app/manifests/buildcache-main": EOF',
      'Could not write the layer cache 127.0.0.1:36897/cx/app:buildcache-main (the build itself succeeded; could not connect): error writing layer blob: failed to do request: Head "https://127.0.0.1:36897/v2/cx/app/blobs/sha256:0084a0dd3d9a7f6945443db278cbe62a88c91a941a95cbaae7654b226e1895ec": EOF'
    ],
    notes: []
  },
  'buildx-0.13.1_buildkit-0.13_containerd-store_gha-configure-error.txt': {
    stages: [],
    imports: [
      {
        ref: 's1',
        found: false,
        error: 'left out by buildx: no ACTIONS_RUNTIME_TOKEN or cache URL in its environment'
      }
    ],
    exports: [
      {
        ref: 's1',
        ok: false,
        seconds: 0,
        error: 'left out by buildx: no ACTIONS_RUNTIME_TOKEN or cache URL in its environment'
      }
    ],
    exportSeconds: 0,
    warnings: [
      'buildx left out the gha cache: it needs ACTIONS_RUNTIME_TOKEN and ACTIONS_CACHE_URL (buildx ≥ 0.21: or ACTIONS_RESULTS_URL) in its environment and silently drops a gha cache without them'
    ],
    notes: [],
    failedOnCache:
      'BuildKit could not set up the layer cache export; building again without writing the cache: failed to configure gha cache exporter: token contains an invalid number of segments'
  },
  'buildx-0.13.1_buildkit-0.13_containerd-store_gha-v2-env-old-buildx.txt': {
    stages: [
      ['deps', 2, 0, 2, 0],
      ['build', 4, 0, 4, 0],
      ['stage-2', 4, 0, 4, 0]
    ],
    imports: [
      {
        ref: 's1',
        found: false,
        error: 'left out by buildx: no ACTIONS_RUNTIME_TOKEN or cache URL in its environment'
      }
    ],
    exports: [
      {
        ref: 's1',
        ok: false,
        seconds: 0,
        error: 'left out by buildx: no ACTIONS_RUNTIME_TOKEN or cache URL in its environment'
      }
    ],
    exportSeconds: 0,
    warnings: [
      'buildx left out the gha cache: it needs ACTIONS_RUNTIME_TOKEN and ACTIONS_CACHE_URL (buildx ≥ 0.21: or ACTIONS_RESULTS_URL) in its environment and silently drops a gha cache without them'
    ],
    notes: []
  },
  'buildx-0.13.1_buildkit-0.13_containerd-store_gha-without-token.txt': {
    stages: [
      ['deps', 2, 0, 2, 0],
      ['build', 4, 0, 4, 0],
      ['stage-2', 4, 0, 4, 0]
    ],
    imports: [
      {
        ref: 's1',
        found: false,
        error: 'left out by buildx: no ACTIONS_RUNTIME_TOKEN or cache URL in its environment'
      }
    ],
    exports: [
      {
        ref: 's1',
        ok: false,
        seconds: 0,
        error: 'left out by buildx: no ACTIONS_RUNTIME_TOKEN or cache URL in its environment'
      }
    ],
    exportSeconds: 0,
    warnings: [
      'buildx left out the gha cache: it needs ACTIONS_RUNTIME_TOKEN and ACTIONS_CACHE_URL (buildx ≥ 0.21: or ACTIONS_RESULTS_URL) in its environment and silently drops a gha cache without them'
    ],
    notes: []
  },
  'buildx-0.13.1_buildkit-0.13_containerd-store_index-export.txt': {
    stages: [
      ['deps', 2, 0, 2, 0],
      ['build', 4, 0, 4, 0],
      ['stage-2', 4, 0, 4, 0]
    ],
    imports: [],
    exports: [{ref: '127.0.0.1:36183/cx/idx:buildcache-main', ok: true, seconds: 0.5}],
    exportSeconds: 0.5,
    warnings: [],
    notes: []
  },
  'buildx-0.13.1_buildkit-0.13_containerd-store_local-import-missing-local-export.txt': {
    stages: [
      ['deps', 2, 0, 2, 0],
      ['build', 4, 0, 4, 0],
      ['stage-2', 4, 0, 4, 0]
    ],
    imports: [{ref: '/tmp/cx-local-2Hl6A0/nope', found: false}],
    exports: [{ref: '/tmp/cx-local-2Hl6A0/new', ok: true, seconds: 0.7}],
    exportSeconds: 0.7,
    warnings: [],
    notes: []
  },
  'buildx-0.13.1_buildkit-0.13_containerd-store_local-import.txt': {
    stages: [
      ['stage-2', 4, 4, 0, 1],
      ['deps', 2, 2, 0, 0],
      ['build', 4, 4, 0, 0]
    ],
    imports: [{ref: '/tmp/cx-local-wLvKGO', found: true}],
    exports: [],
    exportSeconds: 0,
    warnings: [],
    notes: []
  },
  'buildx-0.13.1_buildkit-0.13_containerd-store_missing-and-found-refs.txt': {
    stages: [
      ['build', 4, 4, 0, 0],
      ['stage-2', 4, 4, 0, 1],
      ['deps', 2, 2, 0, 0]
    ],
    imports: [
      {ref: '127.0.0.1:40997/cx/app:buildcache-nope', found: false},
      {ref: '127.0.0.1:40997/cx/app:buildcache-main', found: true}
    ],
    exports: [],
    exportSeconds: 0,
    warnings: [],
    notes: []
  },
  'buildx-0.13.1_buildkit-0.13_containerd-store_partial-remote-hits.txt': {
    stages: [
      ['build', 4, 4, 0, 0],
      ['stage-2', 4, 2, 2, 1],
      ['deps', 2, 2, 0, 0]
    ],
    imports: [{ref: '127.0.0.1:40997/cx/app:buildcache-main', found: true}],
    exports: [],
    exportSeconds: 0,
    warnings: [],
    notes: []
  },
  'buildx-0.13.1_buildkit-0.13_containerd-store_registry-and-local-exports.txt': {
    stages: [
      ['deps', 2, 0, 2, 0],
      ['build', 4, 0, 4, 0],
      ['stage-2', 4, 0, 4, 0]
    ],
    imports: [],
    exports: [
      {ref: '127.0.0.1:36183/cx/two:buildcache-main', ok: true, seconds: 0.7},
      {ref: '/tmp/cx-local-wLvKGO', ok: true, seconds: 0.6}
    ],
    exportSeconds: 1.3,
    warnings: [],
    notes: []
  },
  'buildx-0.13.1_buildkit-0.13_containerd-store_token-insufficient-scope.txt': {
    stages: [
      ['deps', 2, 0, 2, 0],
      ['build', 4, 0, 4, 0],
      ['stage-2', 4, 0, 4, 0]
    ],
    imports: [
      {
        ref: '127.0.0.1:39835/cx/app:buildcache-main',
        found: false,
        error:
          'failed to configure registry cache importer: pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed'
      }
    ],
    exports: [
      {
        ref: '127.0.0.1:39835/cx/app:buildcache-main',
        ok: false,
        seconds: 0.5,
        error:
          'error writing layer blob: push access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed'
      }
    ],
    exportSeconds: 0.5,
    warnings: [
      'Could not read the layer cache 127.0.0.1:39835/cx/app:buildcache-main (access denied, or the repository does not exist yet); built without it: failed to configure registry cache importer: pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed',
      'Could not write the layer cache 127.0.0.1:39835/cx/app:buildcache-main (the build itself succeeded; access denied: the account may not push it): error writing layer blob: push access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed'
    ],
    notes: []
  },
  'buildx-0.13.1_buildkit-0.13_containerd-store_unreachable.txt': {
    stages: [
      ['deps', 2, 0, 2, 0],
      ['build', 4, 0, 4, 0],
      ['stage-2', 4, 0, 4, 0]
    ],
    imports: [
      {
        ref: '127.0.0.1:9/nowhere/cache:buildcache-main',
        found: false,
        error:
          'failed to configure registry cache importer: failed to do request: Head "https://127.0.0.1:9/v2/nowhere/cache/manifests/buildcache-main": dial tcp 127.0.0.1:9: connect: connection refused'
      }
    ],
    exports: [
      {
        ref: '127.0.0.1:9/nowhere/cache:buildcache-main',
        ok: false,
        seconds: 0.4,
        error:
          'error writing layer blob: failed to do request: Head "https://127.0.0.1:9/v2/nowhere/cache/blobs/sha256:44eff922f07daf39273a5194f81f3cff00696da2312dd548f26d4a333bd7406b": dial tcp 127.0.0.1:9: connect: connection refused'
      }
    ],
    exportSeconds: 0.4,
    warnings: [
      'Could not read the layer cache 127.0.0.1:9/nowhere/cache:buildcache-main (could not connect); built without it: failed to configure registry cache importer: failed to do request: Head "https://127.0.0.1:9/v2/nowhere/cache/manifests/buildcache-main": dial tcp 127.0.0.1:9: connect: connection refused',
      'Could not write the layer cache 127.0.0.1:9/nowhere/cache:buildcache-main (the build itself succeeded; could not connect): error writing layer blob: failed to do request: Head "https://127.0.0.1:9/v2/nowhere/cache/blobs/sha256:44eff922f07daf39273a5194f81f3cff00696da2312dd548f26d4a333bd7406b": dial tcp 127.0.0.1:9: connect: connection refused'
    ],
    notes: []
  },
  'buildx-0.13.1_buildkit-0.13_containerd-store_warm-remote-hits.txt': {
    stages: [
      ['deps', 2, 2, 0, 0],
      ['build', 4, 4, 0, 0],
      ['stage-2', 4, 4, 0, 1]
    ],
    imports: [{ref: '127.0.0.1:40997/cx/app:buildcache-main', found: true}],
    exports: [{ref: '127.0.0.1:40997/cx/app:buildcache-main', ok: true, seconds: 0.3}],
    exportSeconds: 0.3,
    warnings: [],
    notes: []
  },
  'docker-20.10.24_buildkit-0.8_inline-stages.txt': {
    stages: [
      ['deps', 2, 2, 0, 0],
      ['build', 3, 1, 2, 0]
    ],
    imports: [
      {ref: '127.0.0.1:5055/exp/app:nope-missing', found: false},
      {ref: '127.0.0.1:5055/exp/app:buildcache-main', found: true}
    ],
    exports: [],
    exportSeconds: 0.3,
    warnings: [],
    notes: []
  }
}

describe('BuildKit progress fixtures', () => {
  test('every fixture has an expectation', () => {
    expect(fixtureNames()).toEqual(Object.keys(FIXTURES).sort())
  })

  test.each(Object.entries(FIXTURES))('%s', (name, expected) => {
    const {output, targets} = progressFixture(name)
    const vertices = parseBuildkitProgress(output)
    const messages = buildxMessages(output)
    const stages = stageStats(vertices).map(s => [s.stage, s.steps, s.cached, s.ran, s.remote ?? 0])
    expect(stages).toEqual(expected.stages)
    const outcome = cacheOutcome(vertices, targets, messages)
    expect(outcome.imports).toEqual(expected.imports)
    expect(outcome.exports).toEqual(expected.exports)
    expect(outcome.exportSeconds).toBe(expected.exportSeconds)
    expect(outcome.warnings).toEqual(expected.warnings)
    expect(outcome.notes).toEqual(expected.notes)
    expect(buildFailedOnCache(vertices, messages)?.warning).toBe(expected.failedOnCache)
  })
})

test('a single-stage Dockerfile prints steps without a stage name', () => {
  const single = parseBuildkitProgress(
    '#5 [2/3] RUN true\n#5 CACHED\n#6 [3/3] RUN false\n#6 ERROR: exit code 1\n'
  )
  expect(stageStats(single)).toEqual([{stage: 'stage-0', steps: 2, cached: 1, ran: 1, seconds: 0}])
})

test('a step that pulled layers and then failed ran', () => {
  const output = [
    '#7 [2/2] RUN make',
    '#7 sha256:7777777777777777777777777777777777777777777777777777777777777777 2.10MB / 2.10MB 0.2s done',
    '#7 0.113 make: *** No rule to make target',
    '#7 ERROR: process "/bin/sh -c make" did not complete successfully: exit code: 2'
  ].join('\n')
  expect(stageStats(parseBuildkitProgress(output))).toEqual([
    {stage: 'stage-0', steps: 1, cached: 0, ran: 1, seconds: 0}
  ])
})

test('log lines of a step are not statuses; a layer name in its output is no pull', () => {
  const [vertex] = parseBuildkitProgress(
    '#8 [2/2] RUN echo sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n' +
      '#8 0.210 sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef 1B / 1B done\n#8 DONE 0.3s\n'
  )
  expect(vertex).toMatchObject({pulled: false, statuses: [], done: true, seconds: 0.3})
})

// prettier-ignore
const ERRORS: [error: string, kind: CacheErrorKind][] = [
  ['failed to configure registry cache importer: 127.0.0.1:40997/cx/app:buildcache-main: not found', 'missing'],
  ['127.0.0.1:5055/exp/app:nope-missing: not found', 'missing'],
  ['could not lock /tmp/x/index.json.lock: open /tmp/x/index.json.lock: no such file or directory', 'error'],
  ['failed to copy: sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef: not found', 'error'],
  ['unexpected status from HEAD request to https://r/v2/a/manifests/t: 401 Unauthorized', 'unauthorized'],
  ['failed to authorize: failed to fetch oauth token: unexpected status: 401 Unauthorized', 'unauthorized'],
  ['unexpected status from POST request to http://r/v2/a/blobs/uploads/: 403 Forbidden', 'denied'],
  ['pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed', 'denied'],
  ['unexpected status from PUT request to https://r/v2/a/manifests/t: 429 Too Many Requests', 'rate-limited'],
  ['toomanyrequests: You have reached your pull rate limit', 'rate-limited'],
  ['failed commit on ref "manifest-sha256:ab": unexpected status from PUT request to https://r/v2/a/manifests/t: 400 Bad Request', 'unsupported'],
  ['MANIFEST_INVALID: Image index child manifest not supported', 'unsupported'],
  ['failed to do request: Head "https://127.0.0.1:9/v2/n/c/manifests/t": dial tcp 127.0.0.1:9: connect: connection refused', 'unreachable'],
  ['failed to do request: Head "https://r/v2/a/blobs/sha256:ab": EOF', 'unreachable'],
  ['dial tcp: lookup nowhere.invalid: no such host', 'unreachable'],
  ['context deadline exceeded', 'unreachable'],
  ['token contains an invalid number of segments', 'error']
]

test.each(ERRORS)('classifyCacheError: %s → %s', (error, kind) => {
  expect(classifyCacheError(error)).toBe(kind)
})

test('cacheImports (docker engine): missing is no error, anything else is kept', () => {
  const vertices = parseBuildkitProgress(
    [
      '#4 importing cache manifest from r.io/app:buildcache-main',
      '#4 ERROR: r.io/app:buildcache-main: not found',
      '#5 importing cache manifest from r.io/app:buildcache-dev',
      '#5 ERROR: unexpected status: 401 Unauthorized',
      '#6 importing cache manifest from r.io/app:buildcache-pr-1',
      '#6 DONE 0.1s'
    ].join('\n')
  )
  expect(cacheImports(vertices)).toEqual([
    {ref: 'r.io/app:buildcache-main', found: false},
    {ref: 'r.io/app:buildcache-dev', found: false, error: 'unexpected status: 401 Unauthorized'},
    {ref: 'r.io/app:buildcache-pr-1', found: true}
  ])
})

test.each([
  ['exporting cache to registry'],
  ['exporting cache to client directory'],
  ['exporting to GitHub Actions Cache'],
  ['exporting to GitHub cache'],
  ['exporting cache to Amazon S3'],
  ['exporting cache to s3'],
  ['exporting cache to Azure Blob Storage'],
  ['exporting cache to azure blob store'],
  ['exporting content cache'],
  ['exporting cache'],
  ['preparing layers for inline cache']
])('cacheExportSeconds counts the step %s', name => {
  const output = `#9 exporting to image\n#9 DONE 0.5s\n#10 ${name}\n#10 DONE 2.7s\n`
  expect(cacheExportSeconds(parseBuildkitProgress(output))).toBe(2.7)
})

test('cacheOutcome pairs export steps with entries by type, in order', () => {
  const output = [
    '#10 exporting cache to client directory',
    '#10 DONE 0.4s',
    '#11 exporting cache to registry',
    '#11 ERROR: error writing layer blob: unexpected status: 401 Unauthorized',
    '#12 exporting cache to registry',
    '#12 DONE 1.5s'
  ].join('\n')
  const to = [
    ...parseCacheValue('type=registry,ref=r.io/a:one,ignore-error=true'),
    ...parseCacheValue('type=registry,ref=r.io/a:two,ignore-error=true'),
    ...parseCacheValue('type=local,dest=/tmp/c,ignore-error=true')
  ]
  const outcome = cacheOutcome(parseBuildkitProgress(output), {from: [], to})
  expect(outcome.exports).toEqual([
    {
      ref: 'r.io/a:one',
      ok: false,
      seconds: 0,
      error: 'error writing layer blob: unexpected status: 401 Unauthorized'
    },
    {ref: 'r.io/a:two', ok: true, seconds: 1.5},
    {ref: '/tmp/c', ok: true, seconds: 0.4}
  ])
  expect(outcome.exportSeconds).toBe(1.9)
  expect(outcome.warnings).toEqual([
    'Could not write the layer cache r.io/a:one (the build itself succeeded; not authorized: log in to the registry with an account that may push it): error writing layer blob: unexpected status: 401 Unauthorized'
  ])
})

test('cacheOutcome: a gha import that failed, on a builder that ran the gha steps', () => {
  const output = [
    '#4 importing cache manifest from gha:10849339452197442380',
    '#4 ERROR: failed to configure gha cache importer: Get "https://results-receiver.actions.githubusercontent.com/": dial tcp: lookup results-receiver.actions.githubusercontent.com: no such host',
    '#10 exporting to GitHub Actions Cache',
    '#10 DONE 4.0s'
  ].join('\n')
  const targets = {
    from: parseCacheValue('type=gha,scope=app-main,version=2'),
    to: parseCacheValue('type=gha,scope=app-main,mode=max,ignore-error=true,version=2')
  }
  const outcome = cacheOutcome(parseBuildkitProgress(output), targets)
  expect(outcome.imports).toEqual([
    {
      ref: 'app-main',
      found: false,
      error:
        'failed to configure gha cache importer: Get "https://results-receiver.actions.githubusercontent.com/": dial tcp: lookup results-receiver.actions.githubusercontent.com: no such host'
    }
  ])
  expect(outcome.exports).toEqual([{ref: 'app-main', ok: true, seconds: 4}])
  expect(outcome.warnings).toEqual([
    'Could not read the layer cache app-main (could not connect); built without it: failed to configure gha cache importer: Get "https://results-receiver.actions.githubusercontent.com/": dial tcp: lookup results-receiver.actions.githubusercontent.com: no such host'
  ])
})

test("buildFailedOnCache: a step that failed is the build's own failure", () => {
  const output = [
    '#8 [2/2] RUN false',
    '#8 ERROR: process "/bin/sh -c false" did not complete successfully: exit code: 1',
    'ERROR: failed to solve: process "/bin/sh -c false" did not complete successfully: exit code: 1'
  ].join('\n')
  expect(buildFailedOnCache(parseBuildkitProgress(output), buildxMessages(output))).toBeUndefined()
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

describe('a bare digest line is not a layer pull', () => {
  test("docker 20.10's BuildKit 0.8 prints one under every step it runs: the step ran", () => {
    const digest = 'a'.repeat(64)
    const vertices = parseBuildkitProgress(
      [`#7 [deps 2/3] RUN sleep 5`, `#7 sha256:${digest}`, `#7 DONE 5.1s`].join('\n')
    )
    expect(vertices[0]?.pulled).toBe(false)
    expect(stageStats(vertices)).toEqual([{stage: 'deps', steps: 1, cached: 0, ran: 1, seconds: 5.1}])
  })

  test('a download line with its size is one', () => {
    const digest = 'b'.repeat(64)
    const vertices = parseBuildkitProgress(
      [`#7 [deps 2/3] RUN sleep 5`, `#7 sha256:${digest} 140B / 140B 0.1s done`, `#7 DONE 0.2s`].join('\n')
    )
    expect(vertices[0]?.pulled).toBe(true)
  })
})
