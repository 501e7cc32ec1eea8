// Passwords are kept as scrypt hashes (node:crypto, memory-hard) with their own random salt and
// cost, so a stolen data folder cannot be read back into passwords cheaply and the cost can be
// raised later without locking anyone out. Hashing runs in libuv's thread pool, not on the event
// loop, and outside the write lock (see the `prepare` step of handlers).

import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto'
import type { PasswordHash } from '../domain/accounts'

/**
 * N = 2^15, r = 8: 32 MiB and about 0.1–0.2 s per hash on an office PC — a log-in stays quick
 * while a guess costs an attacker the same. (OWASP's floor for scrypt is 2^17 at 128 MiB; a
 * county office's server answering 160 townships' log-ins within a minute on 2 cores cannot
 * afford it. The parameters are stored with each hash, so they can be raised.)
 */
export const SCRYPT_COST = { N: 2 ** 15, r: 8, p: 1 } as const
const KEY_BYTES = 32
const SALT_BYTES = 16

function derive(password: string, salt: Buffer, cost: { N: number; r: number; p: number }): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    // scrypt needs 128·N·r bytes; Node refuses anything above maxmem, so allow exactly that plus room.
    const maxmem = 128 * cost.N * cost.r * cost.p + 1024 * 1024
    scrypt(password.normalize('NFC'), salt, KEY_BYTES, { ...cost, maxmem }, (err, key) => (err ? reject(err) : resolve(key)))
  })
}

export async function hashPassword(password: string): Promise<PasswordHash> {
  const salt = randomBytes(SALT_BYTES)
  const key = await derive(password, salt, SCRYPT_COST)
  return { alg: 'scrypt', ...SCRYPT_COST, salt: salt.toString('base64'), hash: key.toString('base64') }
}

export async function verifyPassword(password: string, stored: PasswordHash): Promise<boolean> {
  if (stored.alg !== 'scrypt') return false
  const expected = Buffer.from(stored.hash, 'base64')
  const key = await derive(password, Buffer.from(stored.salt, 'base64'), stored)
  return key.length === expected.length && timingSafeEqual(key, expected)
}
