/**
 * The push failure classifier on the engines' real words. Rows marked "captured" are output of docker 26.1.5,
 * buildx 0.13.1 (docker driver, containerd image store) and buildah 1.28.2 pushing through
 * __tests__/helpers/fault-proxy.ts in front of distribution 2.8 (429 with Retry-After, 500, 403, connections
 * dropped before and after the registry saw the request); the others are the same engines' messages for
 * failures a local proxy cannot make (DNS, TLS, Docker Hub's wording).
 */
import {describe, expect, test} from 'vitest'
import {
  buildxFailedInPush,
  classifyPush,
  isTransientCause,
  pushCause,
  retryAfterMs,
  type PushTool
} from '../../src/build/push-classify.js'
import type {ExecResult} from '../../src/shell/exec.js'

const failed = (stderr: string, stdout = ''): ExecResult => ({exitCode: 1, stdout, stderr})

const DOCKER_PUSHING = [
  'The push refers to repository [127.0.0.1:39933/lab/docker]',
  '17c0e694746b: Preparing',
  '05b5a4f2a880: Preparing',
  '17c0e694746b: Pushed',
  '05b5a4f2a880: Pushed'
].join('\n')

interface Row {
  readonly source: 'captured' | 'documented'
  readonly tool: PushTool
  readonly stderr: string
  readonly stdout?: string
  readonly cause: string
  readonly transient: boolean
  readonly retryAfterMs?: number
}

const ROWS: readonly Row[] = [
  // docker push: stderr's last line
  {
    source: 'captured',
    tool: 'docker',
    stdout: DOCKER_PUSHING,
    stderr: 'toomanyrequests: injected 429: slow down\n',
    cause: 'toomanyrequests: injected 429: slow down',
    transient: true
  },
  {
    source: 'captured',
    tool: 'docker',
    stdout: DOCKER_PUSHING,
    stderr: 'received unexpected HTTP status: 500 Internal Server Error\n',
    cause: 'received unexpected HTTP status: 500 Internal Server Error',
    transient: true
  },
  {
    source: 'captured',
    tool: 'docker',
    stderr: 'Put "http://127.0.0.1:39933/v2/lab/docker/manifests/manifest-reset": EOF\n',
    cause: 'Put "http://127.0.0.1:39933/v2/lab/docker/manifests/manifest-reset": EOF',
    transient: true
  },
  {
    source: 'captured',
    tool: 'docker',
    stdout: 'The push refers to repository [127.0.0.1:39933/lab/docker]\n',
    stderr: 'Get "http://127.0.0.1:39933/v2/": EOF\n',
    cause: 'Get "http://127.0.0.1:39933/v2/": EOF',
    transient: true
  },
  {
    // distribution's error code for 429 when the body says UNAVAILABLE
    source: 'captured',
    tool: 'docker',
    stderr: 'unavailable: injected 429\n',
    cause: 'unavailable: injected 429',
    transient: true
  },
  {
    source: 'captured',
    tool: 'docker',
    stderr: 'write tcp 127.0.0.1:60910->127.0.0.1:44739: use of closed network connection\n',
    cause: 'write tcp 127.0.0.1:60910->127.0.0.1:44739: use of closed network connection',
    transient: true
  },
  {
    source: 'captured',
    tool: 'docker',
    stdout: DOCKER_PUSHING,
    stderr: 'denied\n',
    cause: 'denied',
    transient: false
  },
  {
    source: 'documented',
    tool: 'docker',
    stderr: 'denied: requested access to the resource is denied\n',
    cause: 'denied: requested access to the resource is denied',
    transient: false
  },
  {
    source: 'documented',
    tool: 'docker',
    stderr: 'unauthorized: authentication required\n',
    cause: 'unauthorized: authentication required',
    transient: false
  },
  {
    source: 'documented',
    tool: 'docker',
    stderr: 'An image does not exist locally with the tag: 127.0.0.1:5000/app\n',
    cause: 'An image does not exist locally with the tag: 127.0.0.1:5000/app',
    transient: false
  },
  {
    source: 'documented',
    tool: 'docker',
    stderr: 'Get "https://r.example/v2/": dial tcp: lookup r.example on 127.0.0.53:53: no such host\n',
    cause: 'Get "https://r.example/v2/": dial tcp: lookup r.example on 127.0.0.53:53: no such host',
    transient: false
  },
  {
    source: 'documented',
    tool: 'docker',
    stderr: 'Get "https://10.0.0.5:5000/v2/": http: server gave HTTP response to HTTPS client\n',
    cause: 'Get "https://10.0.0.5:5000/v2/": http: server gave HTTP response to HTTPS client',
    transient: false
  },
  {
    source: 'documented',
    tool: 'docker',
    stderr: 'Get "https://ghcr.io/v2/": net/http: TLS handshake timeout\n',
    cause: 'Get "https://ghcr.io/v2/": net/http: TLS handshake timeout',
    transient: true
  },
  {
    source: 'documented',
    tool: 'docker',
    stderr:
      'Get "https://ghcr.io/v2/": net/http: request canceled while waiting for connection (Client.Timeout exceeded while awaiting headers)\n',
    cause:
      'Get "https://ghcr.io/v2/": net/http: request canceled while waiting for connection (Client.Timeout exceeded while awaiting headers)',
    transient: true
  },
  {
    source: 'documented',
    tool: 'docker',
    stderr: 'received unexpected HTTP status: 502 Bad Gateway\n',
    cause: 'received unexpected HTTP status: 502 Bad Gateway',
    transient: true
  },
  {
    source: 'documented',
    tool: 'docker',
    stderr: 'received unexpected HTTP status: 501 Not Implemented\n',
    cause: 'received unexpected HTTP status: 501 Not Implemented',
    transient: false
  },
  {
    // GHCR's 429 names its wait as a Go duration
    source: 'documented',
    tool: 'docker',
    stderr: 'toomanyrequests: retry-after: 2.5s, allowed: 44000/minute\n',
    cause: 'toomanyrequests: retry-after: 2.5s, allowed: 44000/minute',
    transient: true,
    retryAfterMs: 2500
  },

  // buildx build --push: the client's last ERROR line, without "failed to solve" and "failed to push <ref>"
  {
    source: 'captured',
    tool: 'buildx',
    stderr: [
      '#7 pushing manifest for 127.0.0.1:39545/lab/buildx:manifest-429@sha256:35a4d1b09cdf692538748e05647f0e1e470fa058511045b38baa4f686c8734c8 0.0s done',
      '#7 ERROR: failed to push 127.0.0.1:39545/lab/buildx:manifest-429: failed commit on ref "manifest-sha256:3578912e2ac7bb15b3c509231512c8b1bd0551ceae3efcb67272d94a224ecda5": unexpected status from PUT request to http://127.0.0.1:39545/v2/lab/buildx/manifests/sha256:3578912e2ac7bb15b3c509231512c8b1bd0551ceae3efcb67272d94a224ecda5: 429 Too Many Requests',
      '------',
      ' > exporting to image:',
      '------',
      'ERROR: failed to solve: failed to push 127.0.0.1:39545/lab/buildx:manifest-429: failed commit on ref "manifest-sha256:3578912e2ac7bb15b3c509231512c8b1bd0551ceae3efcb67272d94a224ecda5": unexpected status from PUT request to http://127.0.0.1:39545/v2/lab/buildx/manifests/sha256:3578912e2ac7bb15b3c509231512c8b1bd0551ceae3efcb67272d94a224ecda5: 429 Too Many Requests'
    ].join('\n'),
    cause:
      'failed commit on ref "manifest-sha256:3578912e2ac7bb15b3c509231512c8b1bd0551ceae3efcb67272d94a224ecda5": unexpected status from PUT request to http://127.0.0.1:39545/v2/lab/buildx/manifests/sha256:3578912e2ac7bb15b3c509231512c8b1bd0551ceae3efcb67272d94a224ecda5: 429 Too Many Requests',
    transient: true
  },
  {
    source: 'captured',
    tool: 'buildx',
    stderr: [
      '#5 exporting to image',
      '#5 pushing layers',
      '#5 0.158 error: failed to do request: Head "https://127.0.0.1:39111/v2/faults/buildx-mx0yp7me-202/blobs/sha256:2ca2c186b786d21a03979eb645803ee79732d1316ba831a2656e9b54b0db3dc8": EOF',
      '#5 0.158 retrying in 1s',
      '#5 pushing layers 1.1s done',
      '#5 DONE 2.4s',
      '',
      '#6 pushing 127.0.0.1:39111/faults/buildx-mx0yp7me-202:1 with docker',
      '#6 pushing layer 15bc2842cf3c done',
      '#6 ERROR: failed commit on ref "manifest-sha256:27122fa439ab0ef98ebde7fa0d34c2c8d7b9be9c77c1ce494cdf45defd44e19c": failed to do request: Put "https://127.0.0.1:39111/v2/faults/buildx-mx0yp7me-202/manifests/1": EOF',
      '------',
      ' > pushing 127.0.0.1:39111/faults/buildx-mx0yp7me-202:1 with docker:',
      '------',
      'ERROR: failed commit on ref "manifest-sha256:27122fa439ab0ef98ebde7fa0d34c2c8d7b9be9c77c1ce494cdf45defd44e19c": failed to do request: Put "https://127.0.0.1:39111/v2/faults/buildx-mx0yp7me-202/manifests/1": EOF'
    ].join('\n'),
    cause:
      'failed commit on ref "manifest-sha256:27122fa439ab0ef98ebde7fa0d34c2c8d7b9be9c77c1ce494cdf45defd44e19c": failed to do request: Put "https://127.0.0.1:39111/v2/faults/buildx-mx0yp7me-202/manifests/1": EOF',
    transient: true
  },
  {
    // the containerd store's own push fails after its vertex is done
    source: 'captured',
    tool: 'buildx',
    stderr: [
      '#6 pushing 127.0.0.1:44825/faults/buildx-mx0yl5u6-202:1 with docker',
      '#6 pushing layer c091ed3494a7',
      '#6 pushing layer c091ed3494a7 0.0s done',
      '#6 pushing layer 0d2d8fa892dc 0.0s done',
      '#6 DONE 0.2s',
      'ERROR: Error response from daemon: received unexpected HTTP status: 500 Internal Server Error'
    ].join('\n'),
    cause: 'Error response from daemon: received unexpected HTTP status: 500 Internal Server Error',
    transient: true
  },
  {
    source: 'captured',
    tool: 'buildx',
    stderr: [
      '#8 pushing 127.0.0.1:33621/lab/buildx:ping-reset with docker',
      '#8 pushing layer 675791848781',
      '#8 pushing layer 675791848781 0.2s done',
      'ERROR: Error response from daemon: Get "http://127.0.0.1:33621/v2/": EOF'
    ].join('\n'),
    cause: 'Error response from daemon: Get "http://127.0.0.1:33621/v2/": EOF',
    transient: true
  },
  {
    source: 'captured',
    tool: 'buildx',
    stderr: [
      '#7 exporting to image',
      '#7 ERROR: failed to push 127.0.0.1:39545/lab/buildx:manifest-reset: failed commit on ref "manifest-sha256:5adc39284bd79eaec5a1033402316a8e9912dcf56aaaca88b96fdce710a1fba8": failed to do request: Put "https://127.0.0.1:39545/v2/lab/buildx/manifests/sha256:5adc39284bd79eaec5a1033402316a8e9912dcf56aaaca88b96fdce710a1fba8": readfrom tcp 127.0.0.1:43906->127.0.0.1:39545: write tcp 127.0.0.1:43906->127.0.0.1:39545: use of closed network connection',
      'ERROR: failed to solve: failed to push 127.0.0.1:39545/lab/buildx:manifest-reset: failed commit on ref "manifest-sha256:5adc39284bd79eaec5a1033402316a8e9912dcf56aaaca88b96fdce710a1fba8": failed to do request: Put "https://127.0.0.1:39545/v2/lab/buildx/manifests/sha256:5adc39284bd79eaec5a1033402316a8e9912dcf56aaaca88b96fdce710a1fba8": readfrom tcp 127.0.0.1:43906->127.0.0.1:39545: write tcp 127.0.0.1:43906->127.0.0.1:39545: use of closed network connection'
    ].join('\n'),
    cause:
      'failed commit on ref "manifest-sha256:5adc39284bd79eaec5a1033402316a8e9912dcf56aaaca88b96fdce710a1fba8": failed to do request: Put "https://127.0.0.1:39545/v2/lab/buildx/manifests/sha256:5adc39284bd79eaec5a1033402316a8e9912dcf56aaaca88b96fdce710a1fba8": readfrom tcp 127.0.0.1:43906->127.0.0.1:39545: write tcp 127.0.0.1:43906->127.0.0.1:39545: use of closed network connection',
    transient: true
  },
  {
    source: 'captured',
    tool: 'buildx',
    stderr: [
      '#7 exporting to image',
      '#7 ERROR: failed to push 127.0.0.1:33621/lab/buildx:denied-401: failed commit on ref "manifest-sha256:409acd75125577318502d9dc3d692de9b6e98fced2a55f3834815bab01ae50ee": unexpected status from PUT request to http://127.0.0.1:33621/v2/lab/buildx/manifests/sha256:409acd75125577318502d9dc3d692de9b6e98fced2a55f3834815bab01ae50ee: 403 Forbidden',
      'ERROR: failed to solve: failed to push 127.0.0.1:33621/lab/buildx:denied-401: failed commit on ref "manifest-sha256:409acd75125577318502d9dc3d692de9b6e98fced2a55f3834815bab01ae50ee": unexpected status from PUT request to http://127.0.0.1:33621/v2/lab/buildx/manifests/sha256:409acd75125577318502d9dc3d692de9b6e98fced2a55f3834815bab01ae50ee: 403 Forbidden'
    ].join('\n'),
    cause:
      'failed commit on ref "manifest-sha256:409acd75125577318502d9dc3d692de9b6e98fced2a55f3834815bab01ae50ee": unexpected status from PUT request to http://127.0.0.1:33621/v2/lab/buildx/manifests/sha256:409acd75125577318502d9dc3d692de9b6e98fced2a55f3834815bab01ae50ee: 403 Forbidden',
    transient: false
  },
  {
    // a RUN step that failed on a 503 of its own is the build's failure, never retried
    source: 'documented',
    tool: 'buildx',
    stderr: [
      '#5 [2/2] RUN curl -fsS https://example.com/archive.tgz -o /a.tgz',
      '#5 0.412 curl: (22) The requested URL returned error: 503',
      '#5 ERROR: process "/bin/sh -c curl -fsS https://example.com/archive.tgz -o /a.tgz" did not complete successfully: exit code: 22',
      'ERROR: failed to solve: process "/bin/sh -c curl -fsS https://example.com/archive.tgz -o /a.tgz" did not complete successfully: exit code: 22'
    ].join('\n'),
    cause:
      'process "/bin/sh -c curl -fsS https://example.com/archive.tgz -o /a.tgz" did not complete successfully: exit code: 22',
    transient: false
  },

  // buildah push: its last "Error:" line, without the `pushing image "…" to "…"` wrapper
  {
    source: 'captured',
    tool: 'buildah',
    stderr: [
      'time="2026-11-28T21:50:09Z" level=warning msg="Failed, retrying in 2s ... (2/3). Error: writing manifest: uploading manifest manifest-429 to 127.0.0.1:46349/lab/buildah: toomanyrequests: injected 429"',
      'Getting image source signatures',
      'Error: pushing image "localhost/lab:manifest-429" to "docker://127.0.0.1:46349/lab/buildah:manifest-429": writing manifest: uploading manifest manifest-429 to 127.0.0.1:46349/lab/buildah: toomanyrequests: injected 429'
    ].join('\n'),
    cause:
      'writing manifest: uploading manifest manifest-429 to 127.0.0.1:46349/lab/buildah: toomanyrequests: injected 429',
    transient: true
  },
  {
    source: 'captured',
    tool: 'buildah',
    stderr:
      'Getting image source signatures\nError: pushing image "localhost/lab:manifest-500" to "docker://127.0.0.1:46349/lab/buildah:manifest-500": writing manifest: uploading manifest manifest-500 to 127.0.0.1:46349/lab/buildah: received unexpected HTTP status: 500 Internal Server Error\n',
    cause:
      'writing manifest: uploading manifest manifest-500 to 127.0.0.1:46349/lab/buildah: received unexpected HTTP status: 500 Internal Server Error',
    transient: true
  },
  {
    source: 'captured',
    tool: 'buildah',
    stderr:
      'Getting image source signatures\nError: pushing image "localhost/lab:manifest-reset" to "docker://127.0.0.1:46349/lab/buildah:manifest-reset": writing manifest: Put "http://127.0.0.1:46349/v2/lab/buildah/manifests/manifest-reset": EOF\n',
    cause: 'writing manifest: Put "http://127.0.0.1:46349/v2/lab/buildah/manifests/manifest-reset": EOF',
    transient: true
  },
  {
    source: 'captured',
    tool: 'buildah',
    stderr:
      'Getting image source signatures\nError: pushing image "localhost/lab:ping-500" to "docker://127.0.0.1:46349/lab/buildah:ping-500": trying to reuse blob sha256:05b5a4f2a880a5c0df57e5dd1410ff301d0cd492c37edf34d5d17f146bd3f350 at destination: pinging container registry 127.0.0.1:46349: invalid status code from registry 500 (Internal Server Error)\n',
    cause:
      'trying to reuse blob sha256:05b5a4f2a880a5c0df57e5dd1410ff301d0cd492c37edf34d5d17f146bd3f350 at destination: pinging container registry 127.0.0.1:46349: invalid status code from registry 500 (Internal Server Error)',
    transient: true
  },
  {
    source: 'captured',
    tool: 'buildah',
    stderr:
      'Getting image source signatures\nError: pushing image "localhost/lab:ping-429" to "docker://127.0.0.1:46349/lab/buildah:ping-429": trying to reuse blob sha256:05b5a4f2a880a5c0df57e5dd1410ff301d0cd492c37edf34d5d17f146bd3f350 at destination: pinging container registry 127.0.0.1:46349: too many requests to registry\n',
    cause:
      'trying to reuse blob sha256:05b5a4f2a880a5c0df57e5dd1410ff301d0cd492c37edf34d5d17f146bd3f350 at destination: pinging container registry 127.0.0.1:46349: too many requests to registry',
    transient: true
  },
  {
    source: 'captured',
    tool: 'buildah',
    stderr:
      'Getting image source signatures\nError: pushing image "localhost/lab:head-500" to "docker://127.0.0.1:46349/lab/buildah:head-500": trying to reuse blob sha256:05b5a4f2a880a5c0df57e5dd1410ff301d0cd492c37edf34d5d17f146bd3f350 at destination: failed to read from destination repository lab/buildah: 500 (Internal Server Error)\n',
    cause:
      'trying to reuse blob sha256:05b5a4f2a880a5c0df57e5dd1410ff301d0cd492c37edf34d5d17f146bd3f350 at destination: failed to read from destination repository lab/buildah: 500 (Internal Server Error)',
    transient: true
  },
  {
    source: 'captured',
    tool: 'buildah',
    stderr:
      'Getting image source signatures\nError: pushing image "localhost/lab:denied-401" to "docker://127.0.0.1:46349/lab/buildah:denied-401": writing manifest: uploading manifest denied-401 to 127.0.0.1:46349/lab/buildah: denied\n',
    cause: 'writing manifest: uploading manifest denied-401 to 127.0.0.1:46349/lab/buildah: denied',
    transient: false
  }
]

describe('classifyPush on real engine output', () => {
  test.each(ROWS.map(row => [`${row.tool} (${row.source}): ${row.cause.slice(0, 90)}`, row] as const))(
    '%s',
    (_name, row) => {
      const verdict = classifyPush(row.tool, failed(row.stderr, row.stdout))
      expect(verdict).toEqual({
        transient: row.transient,
        cause: row.cause,
        ...(row.retryAfterMs === undefined ? {} : {retryAfterMs: row.retryAfterMs})
      })
    }
  )

  test("a timed-out attempt is worth another, whatever it printed; its cause is exec's own line", () => {
    const result: ExecResult = {
      exitCode: 124,
      stdout: DOCKER_PUSHING,
      stderr: 'killed after 600 s: its time limit\n',
      timedOut: true
    }
    expect(classifyPush('docker', result)).toEqual({
      transient: true,
      cause: 'killed after 600 s: its time limit'
    })
  })

  test('a program that printed nothing: its exit code is the cause, and it is not retried', () => {
    expect(classifyPush('docker', {exitCode: 137, stdout: '', stderr: ''})).toEqual({
      transient: false,
      cause: 'exit code 137'
    })
  })
})

describe('buildxFailedInPush', () => {
  test('a failed RUN step is the build, even when a push vertex came before', () => {
    expect(
      buildxFailedInPush(
        failed(
          '#4 exporting to image\n#4 DONE 0.1s\n#5 [2/2] RUN false\n#5 ERROR: process "/bin/sh -c false" did not complete successfully: exit code: 1\n'
        )
      )
    ).toBe(false)
  })

  test('an error after a finished daemon push vertex is the push', () => {
    expect(
      buildxFailedInPush(
        failed('#6 pushing r.io/a:1 with docker\n#6 DONE 0.2s\nERROR: Error response from daemon: denied\n')
      )
    ).toBe(true)
  })

  test('a client error before any vertex (no builder) is not a push', () => {
    expect(buildxFailedInPush(failed('ERROR: no builder "x" found\n'))).toBe(false)
  })
})

describe('retryAfterMs', () => {
  test.each([
    ['toomanyrequests: retry-after: 38.000000, allowed: 44000/minute', 38_000],
    ['toomanyrequests: retry-after: 147.663µs, allowed: 44000/minute', 1],
    ['toomanyrequests: retry-after: 1m30s', 90_000],
    ['too many requests: Retry-After: 30', 30_000],
    ['rate limited, retry after 250ms', 250],
    ['toomanyrequests: You have reached your pull rate limit.', undefined],
    // BuildKit's own schedule is not the registry's ask
    ['#5 0.158 retrying in 1s', undefined]
  ])('%s', (text, expected) => {
    expect(retryAfterMs(text)).toBe(expected)
  })
})

describe('isTransientCause', () => {
  test('permanent words win over transient ones in the same line', () => {
    expect(isTransientCause('denied: 503 Service Unavailable while checking access')).toBe(false)
    expect(
      isTransientCause('Get "https://r.io/v2/": dial tcp 10.0.0.1:443: connect: connection refused')
    ).toBe(false)
  })

  test('digests and sizes that happen to hold 500 or 429 are not statuses', () => {
    expect(isTransientCause('manifest invalid: layer sha256:5004290000 size: 500')).toBe(false)
    expect(isTransientCause('blob upload invalid: offset 4290 of 5000')).toBe(false)
  })
})

describe('pushCause', () => {
  test('buildah: the last Error line, not the warnings of its own retries', () => {
    const stderr = [
      'time="…" level=warning msg="Failed, retrying in 2s ... (1/3). Error: writing blob: EOF"',
      'Error: pushing image "a" to "docker://r.io/a:1": writing blob: initiating layer upload to /v2/a/blobs/uploads/ in r.io: unavailable: injected 429',
      ''
    ].join('\n')
    expect(pushCause('buildah', failed(stderr))).toBe(
      'writing blob: initiating layer upload to /v2/a/blobs/uploads/ in r.io: unavailable: injected 429'
    )
  })
})
