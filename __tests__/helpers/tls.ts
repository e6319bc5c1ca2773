/**
 * Throwaway certificates made with openssl: a CA, a server certificate for the loopback registries signed
 * by it, and a self-signed certificate whose key signs the token server's JWTs.
 */
import {writeFile} from 'node:fs/promises'
import path from 'node:path'
import {run} from './require-tool.js'

export interface KeyPair {
  /** PEM certificate file. */
  readonly cert: string
  /** PEM unencrypted private key file. */
  readonly key: string
}

export interface ServerTls {
  /** The CA engines and clients must trust. */
  readonly ca: KeyPair
  /** For 127.0.0.1 and localhost, signed by `ca`: a registry's `http.tls`. */
  readonly server: KeyPair
}

// Long enough for any test run, short enough that a leaked key is worthless.
const VALIDITY = ['-days', '2']
const NEW_RSA_KEY = ['-newkey', 'rsa:2048', '-nodes']

function files(dir: string, name: string): KeyPair {
  return {cert: path.join(dir, `${name}.crt`), key: path.join(dir, `${name}.key`)}
}

async function openssl(dir: string, args: readonly string[]): Promise<void> {
  await run('openssl', args, {cwd: dir})
}

/**
 * A self-signed RSA certificate; `req -x509` marks it CA:TRUE. RSA because the token server signs RS256,
 * the algorithm Docker Hub and GHCR tokens use.
 */
export async function selfSigned(dir: string, name: string, commonName: string): Promise<KeyPair> {
  const pair = files(dir, name)
  const output = ['-keyout', pair.key, '-out', pair.cert]
  await openssl(dir, ['req', '-x509', ...NEW_RSA_KEY, ...VALIDITY, '-subj', `/CN=${commonName}`, ...output])
  return pair
}

/** Writes into `dir` a CA and a loopback server certificate signed by it. */
export async function generateServerTls(dir: string): Promise<ServerTls> {
  const ca = await selfSigned(dir, 'ca', 'image-action test CA')
  const server = files(dir, 'server')
  const csr = path.join(dir, 'server.csr')
  const extensions = path.join(dir, 'server.ext')
  // Go clients (docker, skopeo, the registry) ignore the CN and check only the subjectAltName.
  await writeFile(
    extensions,
    'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n'
  )
  await openssl(dir, ['req', ...NEW_RSA_KEY, '-subj', '/CN=127.0.0.1', '-keyout', server.key, '-out', csr])
  const signing = ['-CA', ca.cert, '-CAkey', ca.key, '-CAcreateserial', '-extfile', extensions]
  await openssl(dir, ['x509', '-req', '-in', csr, ...signing, ...VALIDITY, '-out', server.cert])
  return {ca, server}
}

/** Writes into `dir` the key and certificate a token server signs with and a registry trusts. */
export function generateSigningPair(dir: string): Promise<KeyPair> {
  return selfSigned(dir, 'token-signing', 'image-action test token issuer')
}
