/**
 * Small inline SVG charts for the HTML review: grouped bars, stacked bars and horizontal bars.
 * Each returns one `<svg>` element that scales to its container; all text is escaped; no
 * script, no external reference.
 */

/** Text made safe inside HTML or SVG text and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** One series of a bar chart. */
export interface Series {
  name: string;
  colour: string;
  /** One value per group; null draws no bar and says so. */
  values: readonly (number | null)[];
}

const WIDTH = 560;
const HEIGHT = 250;
const PAD = { top: 22, right: 12, bottom: 38, left: 44 };
const n = (value: number): string => String(Math.round(value * 10) / 10);

/** A pleasant upper bound for an axis: 1, 2, 5 × 10^k at or above `max`. */
export function niceMax(max: number): number {
  if (!(max > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(max));
  for (const step of [1, 2, 5, 10]) if (step * power >= max) return step * power;
  return 10 * power;
}

/** An upper bound for a count axis whose four grid steps are whole numbers: 4, 8, 12, … */
export function countMax(max: number): number {
  return Math.max(4, Math.ceil(max / 4) * 4);
}

function frame(label: string, body: string[], height = HEIGHT): string {
  return `<svg class="chart" viewBox="0 0 ${WIDTH} ${height}" role="img" aria-label="${escapeHtml(label)}" xmlns="http://www.w3.org/2000/svg"><title>${escapeHtml(label)}</title>${body.join("")}</svg>`;
}

/** Horizontal grid lines with their labels, from 0 to `max`. */
function axis(max: number, format: (v: number) => string): string[] {
  const out: string[] = [];
  const plot = HEIGHT - PAD.top - PAD.bottom;
  for (let i = 0; i <= 4; i++) {
    const value = (max * i) / 4;
    const y = PAD.top + plot - (plot * i) / 4;
    out.push(`<line x1="${PAD.left}" x2="${WIDTH - PAD.right}" y1="${n(y)}" y2="${n(y)}" class="grid"/>`);
    out.push(`<text x="${PAD.left - 6}" y="${n(y + 4)}" text-anchor="end" class="tick">${escapeHtml(format(value))}</text>`);
  }
  return out;
}

/** Vertical bars, one cluster per group, one bar per series, with the value above each. */
export function groupedBars(options: { label: string; groups: readonly string[]; series: readonly Series[]; max?: number; format: (v: number) => string }): string {
  const { groups, series, format } = options;
  const values = series.flatMap((s) => s.values.filter((v): v is number => v !== null));
  const max = options.max ?? niceMax(Math.max(0, ...values));
  const plot = HEIGHT - PAD.top - PAD.bottom;
  const band = (WIDTH - PAD.left - PAD.right) / Math.max(1, groups.length);
  const barWidth = Math.min(34, (band * 0.72) / Math.max(1, series.length));
  const body = axis(max, format);
  groups.forEach((group, g) => {
    const x0 = PAD.left + band * g + (band - barWidth * series.length) / 2;
    series.forEach((s, k) => {
      const value = s.values[g] ?? null;
      const x = x0 + barWidth * k;
      if (value === null) {
        body.push(`<text x="${n(x + barWidth / 2)}" y="${n(PAD.top + plot - 4)}" text-anchor="middle" class="none">–</text>`);
        return;
      }
      const h = max === 0 ? 0 : (plot * Math.min(value, max)) / max;
      const y = PAD.top + plot - h;
      body.push(`<rect x="${n(x + 1)}" y="${n(y)}" width="${n(barWidth - 2)}" height="${n(Math.max(h, value > 0 ? 1 : 0))}" rx="2" fill="${s.colour}"><title>${escapeHtml(`${group} · ${s.name}: ${format(value)}`)}</title></rect>`);
      body.push(`<text x="${n(x + barWidth / 2)}" y="${n(y - 4)}" text-anchor="middle" class="value">${escapeHtml(format(value))}</text>`);
    });
    body.push(`<text x="${n(PAD.left + band * g + band / 2)}" y="${HEIGHT - PAD.bottom + 16}" text-anchor="middle" class="group">${escapeHtml(group)}</text>`);
  });
  return frame(options.label, body);
}

/** Vertical stacked bars (one stack per group), with an outlined marker per group for comparison. */
export function stackedBars(options: { label: string; groups: readonly string[]; stacks: readonly Series[]; marker?: { name: string; values: readonly number[] } }): string {
  const { groups, stacks, marker } = options;
  const totals = groups.map((_, g) => stacks.reduce((sum, s) => sum + (s.values[g] ?? 0), 0));
  const max = countMax(Math.max(0, ...totals, ...(marker?.values ?? [])));
  const plot = HEIGHT - PAD.top - PAD.bottom;
  const band = (WIDTH - PAD.left - PAD.right) / Math.max(1, groups.length);
  const barWidth = Math.min(46, band * 0.5);
  const body = axis(max, (v) => String(Math.round(v)));
  const height = (v: number) => (plot * v) / max;
  groups.forEach((group, g) => {
    const x = PAD.left + band * g + (band - barWidth) / 2;
    let y = PAD.top + plot;
    for (const s of stacks) {
      const value = s.values[g] ?? 0;
      if (value <= 0) continue;
      const h = height(value);
      y -= h;
      body.push(`<rect x="${n(x)}" y="${n(y)}" width="${n(barWidth)}" height="${n(h)}" fill="${s.colour}"><title>${escapeHtml(`${group} · ${s.name}: ${value}`)}</title></rect>`);
    }
    const previous = marker?.values[g];
    if (marker && previous !== undefined && previous > 0) {
      const my = PAD.top + plot - height(previous);
      body.push(`<line x1="${n(x - 6)}" x2="${n(x + barWidth + 6)}" y1="${n(my)}" y2="${n(my)}" class="marker"><title>${escapeHtml(`${group} · ${marker.name}: ${previous}`)}</title></line>`);
    }
    body.push(`<text x="${n(x + barWidth / 2)}" y="${n(y - 4)}" text-anchor="middle" class="value">${totals[g]}</text>`);
    body.push(`<text x="${n(PAD.left + band * g + band / 2)}" y="${HEIGHT - PAD.bottom + 16}" text-anchor="middle" class="group">${escapeHtml(group)}</text>`);
  });
  return frame(options.label, body);
}

/** One row of a horizontal bar chart: a part (drawn strong) of a whole (drawn light), and the period before. */
export interface BarRow {
  label: string;
  part: number;
  whole: number;
  previous: number | undefined;
}

/** Horizontal bars: `part` of `whole` per row, the previous period's `part` as a thin bar beneath. */
export function horizontalBars(options: { label: string; rows: readonly BarRow[]; partName: string; wholeName: string; colour: string }): string {
  const rows = options.rows;
  if (rows.length === 0) return frame(options.label, [`<text x="${WIDTH / 2}" y="${HEIGHT / 2}" text-anchor="middle" class="none">No clock stopped in the period</text>`]);
  const left = 120;
  const right = 48;
  const rowHeight = 32;
  const height = Math.max(120, 16 + rows.length * rowHeight);
  const max = niceMax(Math.max(1, ...rows.map((r) => Math.max(r.whole, r.previous ?? 0))));
  const scale = (v: number) => ((WIDTH - left - right) * v) / max;
  const body: string[] = [];
  rows.forEach((row, i) => {
    const y = 8 + i * rowHeight;
    const bar = rowHeight * 0.5;
    const label = row.label.length > 18 ? `${row.label.slice(0, 17)}…` : row.label;
    body.push(`<text x="${left - 8}" y="${n(y + bar * 0.8)}" text-anchor="end" class="group">${escapeHtml(label)}<title>${escapeHtml(row.label)}</title></text>`);
    body.push(`<rect x="${left}" y="${n(y)}" width="${n(scale(row.whole))}" height="${n(bar)}" rx="2" class="whole"><title>${escapeHtml(`${row.label} · ${options.wholeName}: ${row.whole}`)}</title></rect>`);
    if (row.part > 0) body.push(`<rect x="${left}" y="${n(y)}" width="${n(scale(row.part))}" height="${n(bar)}" rx="2" fill="${options.colour}"><title>${escapeHtml(`${row.label} · ${options.partName}: ${row.part}`)}</title></rect>`);
    if (row.previous !== undefined && row.previous > 0) body.push(`<rect x="${left}" y="${n(y + bar + 2)}" width="${n(scale(row.previous))}" height="3" class="previous"><title>${escapeHtml(`${row.label} · before: ${row.previous}`)}</title></rect>`);
    body.push(`<text x="${n(left + scale(row.whole) + 6)}" y="${n(y + bar * 0.8)}" class="value">${row.part} / ${row.whole}</text>`);
  });
  return frame(options.label, body, height);
}
