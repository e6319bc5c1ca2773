/** Starting and stopping the local servers tests and benchmarks put up (never on a non-loopback address). */
import type {Server as HttpServer} from 'node:http'
import type {AddressInfo, Server} from 'node:net'

/** Listens on a free port of 127.0.0.1; returns `127.0.0.1:<port>`. */
export async function listenLoopback(server: Server): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject)
      resolve()
    })
  })
  return `127.0.0.1:${(server.address() as AddressInfo).port}`
}

/** Closes an HTTP(S) server without waiting for clients' keep-alive connections to time out. */
export function closeServer(server: HttpServer): Promise<void> {
  server.closeAllConnections()
  return new Promise((resolve, reject) => server.close(error => (error ? reject(error) : resolve())))
}
