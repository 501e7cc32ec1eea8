// Every IPC channel the page may use. Each handler first checks that the call comes from the app
// page's top frame and that its arguments have the expected shape; a call that fails either is
// refused before anything runs. One generic `api` channel carries every core method.
import { type IpcMainInvokeEvent, ipcMain } from 'electron'
import { z } from 'zod'
import { serializeError } from '../core/errors'
import { CHANNELS, type Reply } from '../preload/bridge'
import type { Actions } from './actions'
import type { CoreHost } from './core-host'
import { isTrustedSender } from './security'

const fileName = z.string().min(1).max(260)
/** Exports are a few MB; this only stops a page from handing over something absurd. */
const base64 = z.string().max(512 * 1024 * 1024)
const landscape = z.object({ landscape: z.boolean() }).strict()

const schemas = {
  [CHANNELS.api]: z.tuple([z.string().min(1).max(100), z.unknown()]),
  [CHANNELS.saveFile]: z.tuple([fileName, base64]),
  [CHANNELS.pickImport]: z.tuple([z.enum(['files', 'folder'])]),
  [CHANNELS.importPicked]: z.tuple([
    z.object({ pickId: z.uuid(), index: z.number().int().min(0).max(100_000), sessionId: z.string().min(1).max(100).optional() }).strict(),
  ]),
  [CHANNELS.print]: z.tuple([landscape]),
  [CHANNELS.printToPdf]: z.tuple([z.object({ fileName, landscape: z.boolean() }).strict()]),
  [CHANNELS.dataFolder]: z.tuple([]),
  [CHANNELS.moveDataFolder]: z.tuple([]),
  [CHANNELS.openDataFolder]: z.tuple([]),
} as const

type Channel = keyof typeof schemas

/** Thrown to a caller that is not the app page, or sends arguments of the wrong shape. */
export class RefusedCall extends Error {
  override name = 'RefusedCall'
}

function handle<C extends Channel>(
  channel: C,
  page: string,
  fn: (event: IpcMainInvokeEvent, args: z.output<(typeof schemas)[C]>) => Promise<unknown>,
): void {
  ipcMain.handle(channel, async (event, ...raw: unknown[]) => {
    if (!isTrustedSender(event, page)) {
      console.warn(`已拒绝来自 ${event.senderFrame?.url ?? '（未知）'} 的 ${channel} 调用（refused an IPC call from outside the app page）`)
      throw new RefusedCall(`refused: ${channel} from outside the app page`)
    }
    const parsed = schemas[channel].safeParse(raw)
    if (!parsed.success) throw new RefusedCall(`refused: ${channel} with invalid arguments`)
    return fn(event, parsed.data as z.output<(typeof schemas)[C]>)
  })
}

/** The result as a Reply, with the core's Chinese message when it failed. */
async function reply<T>(work: () => Promise<T> | T): Promise<Reply<T>> {
  try {
    return { ok: true, result: await work() }
  } catch (e) {
    return { ok: false, error: serializeError(e) }
  }
}

export function registerIpc(page: string, host: CoreHost, actions: Actions): void {
  handle(CHANNELS.api, page, (_e, [method, input]) => host.call(method, input))
  handle(CHANNELS.saveFile, page, (e, [name, data]) => reply(() => actions.saveFile(e.sender, name, data)))
  handle(CHANNELS.pickImport, page, (e, [kind]) => reply(() => actions.pickImport(e.sender, kind)))
  handle(CHANNELS.importPicked, page, (e, [a]) => reply(() => actions.importPicked(e.sender, a.pickId, a.index, a.sessionId)))
  handle(CHANNELS.print, page, (e, [o]) => reply(() => actions.print(e.sender, o.landscape)))
  handle(CHANNELS.printToPdf, page, (e, [o]) => reply(() => actions.printToPdf(e.sender, o.fileName, o.landscape)))
  handle(CHANNELS.dataFolder, page, () => reply(() => actions.dataFolder()))
  handle(CHANNELS.moveDataFolder, page, (e) => reply(() => actions.moveDataFolder(e.sender)))
  handle(CHANNELS.openDataFolder, page, () => reply(async () => (await actions.openDataFolder(), null)))
}
