// The browser-mode server's pure parts: Host parsing and the allow-list, the JSON shape scan,
// and what a stop signal does.

import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { canonicalName, hostAllowList, parseHost } from '../../src/server/hosts'
import { HttpError } from '../../src/server/http-error'
import { jsonShapeProblem, parseJsonBody } from '../../src/server/json-body'
import { signalStopper } from '../../src/server/signals'

describe('parseHost', () => {
  it('splits and canonicalises what browsers send', () => {
    expect(parseHost('localhost:5180')).toEqual({ name: 'localhost', port: 5180 })
    expect(parseHost('LocalHost.')).toEqual({ name: 'localhost', port: null })
    expect(parseHost('[::1]:80')).toEqual({ name: '::1', port: 80 })
    expect(parseHost('[0:0:0:0:0:0:0:1]')).toEqual({ name: '::1', port: null })
    expect(parseHost('192.168.1.5:5180')).toEqual({ name: '192.168.1.5', port: 5180 })
    expect(parseHost('desk_01.county.lan')).toEqual({ name: 'desk_01.county.lan', port: null })
  })

  it('refuses what is not a host', () => {
    for (const bad of ['', ':80', 'a:b', 'a:99999', '::1', '[::1', '[zz]', 'a b', 'evil@localhost', 'localhost/x', 'a..', '-a', '.', 'a:80:80', '例子.测试']) {
      expect(parseHost(bad), bad).toBeNull()
    }
  })
})

describe('hostAllowList', () => {
  const interfaces = () => ({
    lo: [{ address: '127.0.0.1', family: 'IPv4' }, { address: '::1', family: 'IPv6' }],
    eth0: [{ address: '192.168.10.20', family: 'IPv4' }, { address: 'fe80:0:0:0:0:0:0:7', family: 'IPv6' }],
  }) as unknown as ReturnType<typeof import('node:os').networkInterfaces>

  it('on 127.0.0.1: loopback names only', () => {
    const list = hostAllowList({ listen: '127.0.0.1', interfaces })
    expect(list.names().sort()).toEqual(['127.0.0.1', '::1', 'localhost'])
    expect(list.allows('192.168.10.20')).toBe(false)
  })

  it('on 0.0.0.0: this machine’s own addresses too, plus --allow-host names', () => {
    const list = hostAllowList({ listen: '0.0.0.0', extra: ['Desk.County.LAN', '[fd00::5]'], interfaces })
    for (const name of ['localhost', '127.0.0.1', '::1', '192.168.10.20', 'fe80::7', 'desk.county.lan', 'fd00::5']) expect(list.allows(name), name).toBe(true)
    for (const name of ['evil.example', '192.168.10.21', 'county.lan']) expect(list.allows(name), name).toBe(false)
  })

  it('on a given address or name: that one', () => {
    expect(hostAllowList({ listen: '192.168.10.20', interfaces }).allows('192.168.10.20')).toBe(true)
    expect(hostAllowList({ listen: 'desk.lan', interfaces }).allows('desk.lan')).toBe(true)
    expect(hostAllowList({ listen: '192.168.10.20', interfaces }).allows('fe80::7')).toBe(false)
  })

  it('refuses an --allow-host that is not a name', () => {
    for (const bad of ['*', 'desk.lan:5180', 'http://desk.lan', '', 'a b']) {
      expect(() => hostAllowList({ listen: '127.0.0.1', extra: [bad] }), bad).toThrow(/主机名/)
    }
    expect(canonicalName('::FFFF:7F00:1')).toBe('::ffff:7f00:1')
  })
})

describe('the JSON shape scan', () => {
  const limits = { maxDepth: 8, maxValues: 50 }
  const scan = (text: string) => jsonShapeProblem(Buffer.from(text), limits)

  it('counts nesting and elements outside strings only', () => {
    expect(scan('[[[[[[[[1]]]]]]]]')).toBeNull()
    expect(scan('[[[[[[[[[1]]]]]]]]]')).toMatch(/嵌套过深/)
    expect(scan(`"${'['.repeat(100)}"`)).toBeNull()
    expect(scan(`{"a":"\\"[[[[[[[[[[[[\\\\"}`)).toBeNull()
    expect(scan(`["\\\\",${'['.repeat(9)}`)).toMatch(/嵌套过深/)
    expect(scan(`[${'1,'.repeat(49)}1]`)).toMatch(/元素过多/)
    expect(scan(`[${'1,'.repeat(47)}1]`)).toBeNull()
    expect(scan(`"${','.repeat(1000)}"`)).toBeNull()
  })

  it('agrees with the real depth and size of any JSON value', () => {
    const children = (v: unknown): unknown[] | null => (Array.isArray(v) ? v : v && typeof v === 'object' ? Object.values(v) : null)
    const depthOf = (v: unknown): number => {
      const c = children(v)
      return c ? 1 + Math.max(0, ...c.map(depthOf)) : 0
    }
    // What the scan counts: the value itself, then one per array or object and one per comma.
    const marks = (v: unknown): number => {
      const c = children(v)
      return c ? 1 + Math.max(c.length - 1, 0) + c.reduce<number>((n, x) => n + marks(x), 0) : 0
    }
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 12 }), fc.boolean(), (value, pretty) => {
        const text = JSON.stringify(value, null, pretty ? 2 : undefined)
        const problem = jsonShapeProblem(Buffer.from(text), { maxDepth: 10_000, maxValues: 1e9 })
        expect(problem).toBeNull()
        const depth = depthOf(value)
        expect(jsonShapeProblem(Buffer.from(text), { maxDepth: depth, maxValues: 1e9 })).toBeNull()
        if (depth > 0) expect(jsonShapeProblem(Buffer.from(text), { maxDepth: depth - 1, maxValues: 1e9 })).toMatch(/嵌套过深/)
        const values = 1 + marks(value)
        expect(jsonShapeProblem(Buffer.from(text), { maxDepth: 10_000, maxValues: values })).toBeNull()
        expect(jsonShapeProblem(Buffer.from(text), { maxDepth: 10_000, maxValues: values - 1 })).toMatch(/元素过多/)
      }),
      { numRuns: 500 },
    )
  })

  it('parses an empty body as no input and refuses bad UTF-8 and bad JSON with a status', () => {
    const big = { maxDepth: 64, maxValues: 1000 }
    expect(parseJsonBody(Buffer.from(' \n'), big)).toEqual({})
    expect(parseJsonBody(Buffer.from('\ufeff{"a":"中"}'), big)).toEqual({ a: '中' })
    const refusal = (bytes: Buffer) => {
      try {
        parseJsonBody(bytes, big)
      } catch (e) {
        expect(e).toBeInstanceOf(HttpError)
        return [(e as HttpError).status, (e as HttpError).message]
      }
      throw new Error('not refused')
    }
    expect(refusal(Buffer.from([0x22, 0xc3, 0x28, 0x22]))).toEqual([400, '请求内容不是有效的 UTF-8 文本。'])
    expect(refusal(Buffer.from('{"a":'))).toEqual([400, '请求内容不是有效的 JSON。'])
    expect(refusal(Buffer.from('['.repeat(65)))[0]).toBe(413)
  })
})

describe('stopping on signals', () => {
  function harness() {
    let finish!: (code: number) => void
    const exits: number[] = []
    const said: string[] = []
    let stops = 0
    const onSignal = signalStopper({
      stop: () => {
        stops++
        return new Promise<number>((resolve) => (finish = resolve))
      },
      exit: (code) => exits.push(code),
      say: (line) => said.push(line),
    })
    return { onSignal, exits, said, stops: () => stops, finish: (code: number) => finish(code) }
  }

  it('stops once, cleanly, and exits with the stop’s code', async () => {
    const h = harness()
    h.onSignal('SIGTERM')
    expect(h.stops()).toBe(1)
    expect(h.exits).toEqual([])
    h.finish(0)
    await new Promise((resolve) => setImmediate(resolve))
    expect(h.exits).toEqual([0])
  })

  it('exits at once on a second signal while stopping', () => {
    const h = harness()
    h.onSignal('SIGINT')
    h.onSignal('SIGINT')
    expect(h.stops()).toBe(1)
    expect(h.exits).toEqual([130])
    expect(h.said.at(-1)).toMatch(/立即退出/)
  })
})
