// Which names the browser-mode server answers to, against DNS rebinding: a page on another site
// whose name was re-pointed at this machine still sends its own name in Host, and is refused.

import net from 'node:net'
import os from 'node:os'

/** A Host header (or an origin's host part) split into a canonical name and its port. */
export interface HostPort {
  /** lower case, no trailing dot; an IPv6 address without brackets, in its shortest form */
  name: string
  port: number | null
}

const HOST_PORT = /^(?:\[([0-9A-Fa-f:.]+)\]|([A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_])?\.?))(?::(\d{1,5}))?$/

const LOOPBACK = ['localhost', '127.0.0.1', '::1']
/** Interface addresses change (DHCP, Wi-Fi): looked up again at most this often. */
const INTERFACES_TTL_MS = 10_000

function canonicalIpv6(address: string): string | null {
  if (!net.isIPv6(address)) return null
  return new URL(`http://[${address}]/`).hostname.slice(1, -1)
}

/** `localhost:5180`, `[::1]:5180`, `Example.LAN.` → name and port; null when it is not a host. */
export function parseHost(value: string): HostPort | null {
  const m = HOST_PORT.exec(value)
  if (!m) return null
  const port = m[3] === undefined ? null : Number(m[3])
  if (port !== null && port > 65535) return null
  if (m[1] !== undefined) {
    const name = canonicalIpv6(m[1])
    return name === null ? null : { name, port }
  }
  return { name: m[2]!.toLowerCase().replace(/\.$/, ''), port }
}

/** A name as given on the command line (`pc-01`, `192.168.1.5`, `::1` or `[::1]`), canonical; null if it is not one. */
export function canonicalName(value: string): string | null {
  const bare = canonicalIpv6(value)
  if (bare !== null) return bare
  const parsed = parseHost(value)
  return parsed && parsed.port === null ? parsed.name : null
}

export interface HostAllowList {
  allows(name: string): boolean
  /** Every name allowed right now, for the start-up message and for refusals. */
  names(): string[]
}

/** Listening on every interface: 0.0.0.0 or :: (or nothing, which Node takes as ::). */
export function isWildcard(listen: string): boolean {
  return listen === '' || listen === '0.0.0.0' || listen === '::'
}

/**
 * Loopback names, the address the server listens on (for a wildcard, this machine's own interface
 * addresses) and the names given with --allow-host. Throws on a name that is not one.
 */
export function hostAllowList(opts: {
  listen: string
  extra?: string[]
  interfaces?: () => NodeJS.Dict<os.NetworkInterfaceInfo[]>
}): HostAllowList {
  const interfaces = opts.interfaces ?? os.networkInterfaces
  const fixed = new Set(LOOPBACK)
  const wildcard = isWildcard(opts.listen)
  for (const given of wildcard ? (opts.extra ?? []) : [opts.listen, ...(opts.extra ?? [])]) {
    const name = canonicalName(given)
    if (name === null) throw new Error(`“${given}”不是主机名或 IP 地址（不带端口）。`)
    fixed.add(name)
  }
  let cached: { at: number; names: Set<string> } | null = null
  const own = (): Set<string> => {
    if (!wildcard) return new Set()
    const now = Date.now()
    if (!cached || now - cached.at > INTERFACES_TTL_MS) {
      const names = new Set<string>()
      let found: NodeJS.Dict<os.NetworkInterfaceInfo[]> = {}
      try {
        found = interfaces()
      } catch {
        // Some sandboxes refuse the lookup: then only loopback and the given names are answered.
      }
      for (const list of Object.values(found)) {
        for (const info of list ?? []) names.add(canonicalName(info.address) ?? info.address)
      }
      cached = { at: now, names }
    }
    return cached.names
  }
  return {
    allows: (name) => fixed.has(name) || own().has(name),
    names: () => [...new Set([...fixed, ...own()])],
  }
}
