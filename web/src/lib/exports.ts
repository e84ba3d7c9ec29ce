// Client-side exports (no network): a chart as SVG or PNG, results as CSV or JSON, downloaded through a blob URL.
import type { SimulateReport } from '../../../shared/api/simulate';
import type { HardwareCostResult, HardwareSpec } from '../../../shared/hardware';

export function download(name: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** A standalone SVG document of a chart (marks carry presentation attributes; a white background is added). */
export function svgText(svg: SVGSVGElement, title?: string): string {
  const copy = svg.cloneNode(true) as SVGSVGElement;
  copy.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  copy.removeAttribute('class');
  copy.removeAttribute('tabindex');
  copy.querySelectorAll('.catcher, .brush').forEach((n) => n.remove());
  const w = Number(svg.getAttribute('width'));
  const h = Number(svg.getAttribute('height'));
  const bg = document.createElementNS('http://www.w3.org/2000/svg', 'rect');
  bg.setAttribute('width', String(w));
  bg.setAttribute('height', String(h));
  bg.setAttribute('fill', 'white');
  copy.insertBefore(bg, copy.firstChild);
  if (title) {
    const t = document.createElementNS('http://www.w3.org/2000/svg', 'title');
    t.textContent = title;
    copy.insertBefore(t, copy.firstChild);
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(copy)}`;
}

/** Render the SVG text to a PNG at `scale`× (through an <img> of a blob URL: no network). */
export async function pngBlob(svg: SVGSVGElement, scale = 2): Promise<Blob> {
  const text = svgText(svg);
  const w = Number(svg.getAttribute('width'));
  const h = Number(svg.getAttribute('height'));
  const url = URL.createObjectURL(new Blob([text], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    img.decoding = 'sync';
    await new Promise<void>((resolve, reject) => {
      img.onload = () => resolve();
      img.onerror = () => reject(new Error('the chart could not be rendered as an image'));
      img.src = url;
    });
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(w * scale);
    canvas.height = Math.round(h * scale);
    const ctx = canvas.getContext('2d')!;
    ctx.scale(scale, scale);
    ctx.drawImage(img, 0, 0, w, h);
    return await new Promise<Blob>((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('PNG encoding failed'))), 'image/png'));
  } finally {
    URL.revokeObjectURL(url);
  }
}

const CSV_COLUMNS = [
  'index', 'name', 'kind', 'block', 'bound', 'cycles', 'computeCycles', 'vectorCycles', 'memoryCycles', 'dramCycles', 'gmemCycles',
  'localCycles', 'overheadCycles', 'macs', 'vectorOps', 'dramBytes', 'gmemBytes', 'utilization', 'mappingEfficiency', 'unit',
  'coreSplit', 'arraySplit', 'loopOrder', 'tileM', 'tileN', 'tileK', 'doubleBuffer', 'pack', 'onChip', 'inLocal', 'fused',
] as const;

function csvCell(v: unknown): string {
  const s = v === undefined || v === null ? '' : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One row per executed op: cycles by unit and level, bound, traffic, schedule, placement. */
export function opsCsv(report: SimulateReport): string {
  const rows = report.ops.map((o, index) => {
    const rec: Record<(typeof CSV_COLUMNS)[number], unknown> = {
      index, ...o, ...o.schedule, block: o.block, onChip: o.onChip.join(' '), inLocal: (o.inLocal ?? []).join(' '), fused: o.fused.join(' '),
    };
    return CSV_COLUMNS.map((c) => csvCell(rec[c])).join(',');
  });
  return `${CSV_COLUMNS.join(',')}\n${rows.join('\n')}\n`;
}

export interface ResultsJson {
  app: 'fast-explorer';
  link: string;
  workload: string;
  hardware: HardwareSpec;
  passes: string;
  cost: HardwareCostResult;
  perfPerTdp: number;
  reference: { hardware: string; passes: string; perfPerTdp: number; throughputPerSecond: number } | null;
  gainVsTpuV3: number | null;
  report: SimulateReport;
}

/** Everything behind the view: the design, its price, the reference and the full report. */
export function resultsJson(r: ResultsJson): string {
  return `${JSON.stringify(r, null, 2)}\n`;
}

/** File-name-safe slug. */
export function slug(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9.-]+/g, '-').replace(/^-+|-+$/g, '') || 'chart';
}
