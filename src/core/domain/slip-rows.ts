// How a receipt's or voucher's fields are laid out, on paper and on screen alike: label/value pairs
// two to a line, a wide field (an address, the amount in words) on a line of its own.

export interface SlipFieldLike {
  wide?: boolean
}

export function slipRows<F extends SlipFieldLike>(fields: readonly F[]): F[][] {
  const rows: F[][] = []
  let open: F[] | null = null
  for (const f of fields) {
    if (f.wide) {
      rows.push([f])
      open = null
    } else if (open && open.length === 1) {
      open.push(f)
      open = null
    } else rows.push((open = [f]))
  }
  return rows
}
