// Charts are drawn for the screen, at the width of their box there; on paper the box can be
// narrower. While printing, each chart wider than the printed page is zoomed down to fit (CSS
// alone cannot: the chart library sizes its drawing in pixels it measured on screen).

/** A4 landscape with 12 mm margins is about 1,030 CSS px wide; less the chart box's padding. */
const PRINT_WIDTH_PX = 1000
/** Two charts side by side (a `.report-charts` row that is not `.single`) share the width, less the 14 px gap. */
const PRINT_HALF_PX = (PRINT_WIDTH_PX - 14) / 2

/** Zooms the charts that would not fit; returns what puts them back. */
export function fitChartsForPrint(): () => void {
  const changed: HTMLElement[] = []
  for (const el of document.querySelectorAll<HTMLElement>('.report-chart .recharts-wrapper')) {
    const room = el.closest('.report-charts:not(.single)') ? PRINT_HALF_PX : PRINT_WIDTH_PX
    const width = el.offsetWidth
    if (width > room) {
      el.style.zoom = String(room / width)
      changed.push(el)
    }
  }
  return () => {
    for (const el of changed) el.style.zoom = ''
  }
}

/** Also for printing started outside the app's buttons (Ctrl+P in a browser). */
export function installPrintFit(): void {
  let undo: (() => void) | null = null
  window.addEventListener('beforeprint', () => {
    undo ??= fitChartsForPrint()
  })
  window.addEventListener('afterprint', () => {
    undo?.()
    undo = null
  })
}
