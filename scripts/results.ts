// Generates docs/results.md and docs/images/gains.svg from a full `fast reproduce --json` run saved as
// docs/results.json. Never edit results.md by hand: run `npm run results` after a new reproduction. A record made with
// --sensitivity states each headline gain with its range, the assumptions that move it most, the re-searches and
// the tpu-v3 TDP convention both ways; an older record (no `sensitivity`) renders without them.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { scaleBand, scaleLog } from 'd3';
import { HEADLINES, type Headline, type ReproduceReport, type ReproduceRow, type ReproduceSensitivity } from '../shared/api/reproduce';
import { ASSUMPTIONS, COEFFICIENTS, PARAMS, hardwareCost, type HardwareSpec } from '../shared/hardware';
import { baselineHardware } from '../shared/search/baseline';

const f2 = (v: number) => v.toFixed(2);
const pct = (v: number) => `${(100 * v).toFixed(0)}%`;
const r3 = (v: number) => Number(v.toPrecision(3)).toLocaleString('en-US');

// ---- the gains plot (SVG, grouped bars on a log scale) ----------------------------------------------------------
function gainsSvg(rows: ReproduceRow[]): string {
  const W = 900, H = 360, m = { top: 30, right: 20, bottom: 90, left: 60 };
  const series = [
    { key: 'softwareOnly', label: 'tpu-v3 + FAST software', color: '#9ab' },
    { key: 'single', label: 'single-workload design', color: '#2b6cb0' },
    { key: 'suite', label: 'suite design', color: '#dd6b20' },
  ] as const;
  const x = scaleBand<string>().domain(rows.map((r) => r.workload)).range([m.left, W - m.right]).padding(0.2);
  const xi = scaleBand<string>().domain(series.map((s) => s.key)).range([0, x.bandwidth()]).padding(0.08);
  const all = rows.flatMap((r) => series.map((s) => r[s.key].gain));
  const y = scaleLog().domain([Math.min(0.5, ...all), Math.max(4, ...all) * 1.1]).range([H - m.bottom, m.top]);
  const out: string[] = [`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif" font-size="11">`];
  out.push(`<text x="${m.left}" y="16" font-size="13">Perf/TDP gain over tpu-v3 (baseline software), log scale</text>`);
  for (const t of y.ticks(6)) {
    out.push(`<line x1="${m.left}" x2="${W - m.right}" y1="${y(t)}" y2="${y(t)}" stroke="${t === 1 ? '#333' : '#ddd'}"/>`);
    out.push(`<text x="${m.left - 6}" y="${y(t) + 4}" text-anchor="end">${t}×</text>`);
  }
  for (const r of rows) {
    for (const s of series) {
      const v = r[s.key].gain;
      const top = y(Math.max(v, 1)), bottom = y(Math.min(v, 1));
      out.push(`<rect x="${x(r.workload)! + xi(s.key)!}" y="${top}" width="${xi.bandwidth()}" height="${Math.max(1, bottom - top)}" fill="${s.color}"><title>${r.workload} ${s.label}: ${f2(v)}×</title></rect>`);
    }
    out.push(`<text transform="translate(${x(r.workload)! + x.bandwidth() / 2},${H - m.bottom + 12}) rotate(35)" text-anchor="start">${r.workload}</text>`);
  }
  series.forEach((s, i) => {
    out.push(`<rect x="${m.left + i * 190}" y="${H - 18}" width="12" height="12" fill="${s.color}"/><text x="${m.left + i * 190 + 16}" y="${H - 8}">${s.label}</text>`);
  });
  out.push('</svg>');
  return out.join('\n');
}

// ---- the report --------------------------------------------------------------------------------------------------
function diffVsTpu(h: HardwareSpec): string {
  const tpu = baselineHardware();
  const parts = PARAMS.filter((p) => p.id !== 'batch' && (h as Record<string, unknown>)[p.id] !== (tpu as Record<string, unknown>)[p.id])
    .map((p) => `${p.label.toLowerCase()} ${(tpu as Record<string, unknown>)[p.id]} → ${(h as Record<string, unknown>)[p.id]}${p.unit ? ' ' + p.unit : ''}`);
  return parts.length ? parts.join('; ') : 'same as tpu-v3';
}

/** A headline gain as the results state it: "X×", with " (range A–B×)" when the record has the sensitivity. */
export function headlineText(report: ReproduceReport, h: Headline): string {
  const g = report.sensitivity?.ranges[h];
  const central = { singleWorkloadGain: report.averageSingleWorkloadGain, suiteGain: report.averageSuiteGain, softwareOnlyGain: report.averageSoftwareOnlyGain }[h];
  return g ? `${f2(central)}× (range ${f2(g.low)}–${f2(g.high)}×)` : `${f2(central)}×`;
}

const HEADLINE_NAMES: Record<Headline, string> = {
  singleWorkloadGain: 'single-workload designs', suiteGain: 'one design for the suite', softwareOnlyGain: "tpu-v3 with FAST's software only",
};

/** The sensitivity section: the top assumptions' swings, the re-searches and the TDP convention both ways. */
function sensitivityLines(x: ReproduceSensitivity, trials: number): string[] {
  const lines: string[] = [];
  const n = x.rescored.length;
  lines.push('## How far the headline gains can be trusted', '');
  lines.push(`Generated with \`fast reproduce --sensitivity --sensitivity-trials ${x.research.trials}\`. **Re-scored:** the designs found above and tpu-v3 re-priced with each of the cost model's ${n} assumed coefficients (docs/model.md §3.6) at the low and at the high end of its documented range, the three calibrated knobs re-fitted to the TPU family each time (as \`fast sensitivity\` does); performance does not depend on these coefficients, so nothing is re-simulated. Each headline's range is the lowest and highest gain over every assumption at either end. The software-only gain compares tpu-v3 with itself, so no cost coefficient moves it.`, '');
  lines.push('| headline | gain | range | low end from | high end from |', '|---|---|---|---|---|');
  for (const h of HEADLINES) {
    const g = x.ranges[h];
    lines.push(`| ${HEADLINE_NAMES[h]} | ${f2(g.central)}× | ${f2(g.low)}–${f2(g.high)}× | ${g.lowBy ? `\`${g.lowBy}\`` : '—'} | ${g.highBy ? `\`${g.highBy}\`` : '—'} |`);
  }
  lines.push('', `The assumptions that move the gains most (swing: the largest change between an assumption's two ends, over the headlines, relative to the gain):`, '');
  lines.push('| assumption | ours | low – high | single-workload at low / high | suite at low / high | swing |', '|---|---|---|---|---|---|');
  for (const a of x.rescored.slice(0, 6)) {
    const label = ASSUMPTIONS[a.key]?.label ?? a.label;
    lines.push(`| ${label} (\`${a.key}\`, ${a.unit}) | ${a.value} | ${a.low} – ${a.high} | ${f2(a.atLow.singleWorkloadGain)}× / ${f2(a.atHigh.singleWorkloadGain)}× | ${f2(a.atLow.suiteGain)}× / ${f2(a.atHigh.suiteGain)}× | ${(100 * a.swing).toFixed(1)}% |`);
  }
  const over = x.rescored.filter((a) => a.designsOverArea.low + a.designsOverArea.high > 0);
  if (over.length) {
    lines.push('', `Re-priced, some found designs would be larger than tpu-v3 re-priced the same way (over the area budget the searches kept to): ${over.map((a) => `\`${a.key}\` ${a.designsOverArea.low} at its low end, ${a.designsOverArea.high} at its high end`).join('; ')}. The re-searches below keep to the re-priced budget.`);
  }
  const rs = x.research;
  lines.push('', `**Re-searched:** the ${rs.assumptions.length} assumptions with the largest swing, each at either end, every study of the reproduction re-run with the coefficient table changed (the study's \`assumed\` setting: designs, tpu-v3 and the area budget priced with it) at **${rs.trials} trials per study**${rs.trials === trials ? ' (the main run\'s budget)' : ` (the main run has ${trials}; the central row is a search at the same ${rs.trials} trials, the one to compare with)`}. Each gain is the designs that search found, priced with its own table, over tpu-v3 priced the same way.`, '');
  lines.push('| search | single-workload | suite |', '|---|---|---|');
  lines.push(`| central (our coefficients), ${rs.trials} trials | ${f2(rs.central.gains.singleWorkloadGain)}× | ${f2(rs.central.gains.suiteGain)}× |`);
  for (const u of rs.runs) lines.push(`| \`${u.assumption}\` at its ${u.end} end (${u.value}) | ${f2(u.gains.singleWorkloadGain)}× | ${f2(u.gains.suiteGain)}× |`);
  const t = x.tdpConvention;
  lines.push('', `**The tpu-v3 TDP convention both ways.** Every design at its modelled peak power; tpu-v3 at its rated ${t.tpuV3RatedWatts} W TDP (published) or at its modelled peak power, ${r3(t.tpuV3PeakWatts)} W (its modelled TDP, peak × the fitted training rating, is ${r3(t.tpuV3ModelTdpWatts)} W). Software only runs on tpu-v3 on both sides, so it does not change.`, '');
  lines.push('| tpu-v3 at | single-workload | suite | software only |', '|---|---|---|---|');
  lines.push(`| its rated ${t.tpuV3RatedWatts} W | ${f2(t.rated.singleWorkloadGain)}× | ${f2(t.rated.suiteGain)}× | ${f2(t.rated.softwareOnlyGain)}× |`);
  lines.push(`| its modelled peak ${r3(t.tpuV3PeakWatts)} W | ${f2(t.peak.singleWorkloadGain)}× | ${f2(t.peak.suiteGain)}× | ${f2(t.peak.softwareOnlyGain)}× |`, '');
  return lines;
}

/** docs/results.md and docs/images/gains.svg for a record (`input` names it in the page). */
export function renderResults(report: ReproduceReport, input: string): { markdown: string; svg: string } {
  const s = report.settings;
  const lines: string[] = [];
  lines.push('# Reproducing FAST: results', '');
  lines.push(`> Generated by \`npm run results\` from \`${input}\` (a \`fast reproduce\` run). Do not edit by hand.`, '');
  lines.push(`Settings: ${s.workloads.length} workloads, batch ${s.batch} for every design and the baseline, ${s.trials} trials per single-workload study and ${s.suiteTrials} for the suite study, algorithm \`${s.algorithm}\`, seed ${s.seed}${s.quick ? ' (quick run)' : ''}. Designs at the baseline's 16 nm node; area budget = tpu-v3's area; no TDP budget; every design rated as a training part like \`tpu-v3\` (\`tdpClass=training\`), so the rating cancels and each gain compares Perf per watt of modelled peak power, FAST's convention. Rated as inference parts (\`tdpClass=inference\`) against tpu-v3 rated as a training part, every design's TDP would fall and every gain would be ×${f2(COEFFICIENTS.chip.ratingTraining.value / COEFFICIENTS.chip.ratingInference.value)} (docs/validation.md §5); tpu-v3 taken at its published 450 W instead of its modelled TDP is the other convention, tabulated below for a run made with \`--sensitivity\`. Throughputs are the model's for an ideal runtime; a real system reaches about η of them (docs/model.md §4.6), a factor common to every design that cancels in every gain. Gains are Perf/TDP over \`tpu-v3\` running the baseline software (docs/sources.md §8).`, '');
  lines.push('## Headline', '');
  lines.push('| | ours (geometric mean) | ours (arithmetic mean) | paper |', '|---|---|---|---|');
  lines.push(`| single-workload designs | ${headlineText(report, 'singleWorkloadGain')} | ${f2(report.arithmeticMeans.singleWorkloadGain)}× | ${report.paper.singleWorkloadGain}× (average) |`);
  lines.push(`| one design for the suite | ${headlineText(report, 'suiteGain')} | ${f2(report.arithmeticMeans.suiteGain)}× | ${report.paper.suiteGain}× |`);
  lines.push(`| tpu-v3 with FAST's software only | ${headlineText(report, 'softwareOnlyGain')} | ${f2(report.arithmeticMeans.softwareOnlyGain)}× | up to ${report.paper.softwareOnlyGain}× |`, '');
  if (report.sensitivity) lines.push(`Ranges: the lowest and highest gain with any one assumed cost coefficient at either end of its range (below, "How far the headline gains can be trusted").`, '');
  lines.push('![Perf/TDP gains per workload](images/gains.svg)', '');
  if (report.sensitivity) lines.push(...sensitivityLines(report.sensitivity, s.trials));
  lines.push('## Per workload', '');
  lines.push('| workload | tpu-v3 /s | tpu-v3 Perf/TDP | software only | single design | its area mm² / TDP W | suite design |', '|---|---|---|---|---|---|---|');
  for (const r of report.rows) {
    lines.push(`| ${r.workload} | ${r3(r.baseline.throughputPerSecond)} | ${r3(r.baseline.perfPerTdp)} | ${f2(r.softwareOnly.gain)}× | ${f2(r.single.gain)}× | ${r3(r.single.areaMm2)} / ${r3(r.single.tdpWatts)} | ${f2(r.suite.gain)}× |`);
  }
  lines.push('', '## Bottlenecks: what limits each workload on tpu-v3, and how its design answers', '');
  for (const r of report.rows) {
    const b = r.baseline.bottleneck, d = r.single.bottleneck;
    const kinds = (k: typeof b) => k.topKinds.filter((t) => t.share >= 0.01).map((t) => `${t.kind} ${pct(t.share)}`).join(', ');
    lines.push(`- **${r.workload}** — on tpu-v3 time goes to ${kinds(b)} (bound by compute ${pct(b.byBound.compute)}, vector ${pct(b.byBound.vector)}, memory ${pct(b.byBound.memory)}); matrix units ${pct(b.utilization)} busy. Its design (${diffVsTpu(r.single.hardware)}) spends it on ${kinds(d)}, matrix units ${pct(d.utilization)} busy, ${f2(r.single.gain)}× Perf/TDP.`);
  }
  if (report.suiteDesign) {
    lines.push('', '## The suite design', '');
    lines.push(`${diffVsTpu(report.suiteDesign.hardware)}. Area ${r3(report.suiteDesign.areaMm2)} mm², TDP ${r3(report.suiteDesign.tdpWatts)} W, ${f2(report.suiteDesign.gain)}× Perf/TDP (geometric mean over the workloads).`, '');
    lines.push('| parameter | tpu-v3 | suite design |', '|---|---|---|');
    const base = baselineHardware() as Record<string, unknown>;
    for (const p of PARAMS) if (p.id !== 'batch') lines.push(`| ${p.label} | ${base[p.id]} | ${(report.suiteDesign.hardware as Record<string, unknown>)[p.id]} |`);
  }
  lines.push('', '## Ablation on tpu-v3 (speed-up over no passes)', '');
  // One column per pass the record has (older records have no fused-attention row).
  const passCols = [...new Set(report.rows.flatMap((r) => r.ablation.map((x) => x.passes)))].filter((p) => p.startsWith('+'));
  lines.push(`| workload | ${passCols.join(' | ')} | all |`, `|---|${passCols.map(() => '---|').join('')}---|`);
  for (const r of report.rows) {
    const a = (label: string) => { const x = r.ablation.find((y) => y.passes === label); return x ? `${f2(x.speedup)}×` : '—'; };
    lines.push(`| ${r.workload} | ${passCols.map(a).join(' | ')} | ${a('all')} |`);
  }
  lines.push('', '## ROI of the suite design', '');
  lines.push('With the defaults of docs/model.md §7 and the suite design\'s TDP:', '', '| TPU-v3 chips replaced | design chips | TCO tpu-v3 fleet | TCO design fleet (incl. NRE) | savings |', '|---|---|---|---|---|');
  for (const x of report.roi) {
    const m = (v: number) => `$${(v / 1e6).toFixed(1)} M`;
    lines.push(`| ${x.chips.toLocaleString('en-US')} | ${Math.round(x.result.designChips).toLocaleString('en-US')} | ${m(x.result.tcoBaseline)} | ${m(x.result.tcoDesign)} | ${m(x.result.savings)} |`);
  }
  const be = report.roi[0]?.result.breakEvenChips;
  if (be !== undefined) lines.push('', `Break-even: ${be === null || !Number.isFinite(be) ? 'never' : Math.ceil(be).toLocaleString('en-US') + ' TPU-v3 chips\' worth of load'}.`);
  // ---- differences, with the numbers that explain them computed here from the model ---------------------------------
  const tpuCost = hardwareCost(baselineHardware());
  const line = (c: string) => tpuCost.breakdown.find((l) => l.component === c) ?? { areaMm2: 0, watts: 0 };
  const gmem128 = hardwareCost({ ...baselineHardware(), globalMemoryMiB: 128 }).areaMm2 - tpuCost.areaMm2;
  const withGmem = report.rows.filter((r) => r.single.hardware.globalMemoryMiB > 0).length;
  const byFamily = (re: RegExp) => report.rows.filter((r) => re.test(r.workload));
  const gm = (rs: ReproduceRow[], f: (r: ReproduceRow) => number) => rs.length ? Math.exp(rs.reduce((a, r) => a + Math.log(f(r)), 0) / rs.length) : NaN;
  const eff = byFamily(/^efficientnet/), bert = byFamily(/^bert/), resnet = byFamily(/^resnet/);
  lines.push('', '## Where and why our numbers differ from the paper', '');
  lines.push(`- **Our gains are lower than the paper's ${report.paper.singleWorkloadGain}× and ${report.paper.suiteGain}× averages.** By family, single-workload designs gain ${f2(gm(eff, (r) => r.single.gain))}× on the EfficientNets, ${f2(gm(resnet, (r) => r.single.gain))}× on ResNet-50 and ${f2(gm(bert, (r) => r.single.gain))}× on BERT. The paper's full text (its cost model, search budget and design space) is not available to us (docs/sources.md §1.11), so the differences below are our model's, stated with its own numbers.`);
  const designs = report.rows.map((r) => r.single.hardware);
  const meanClock = designs.reduce((a, h) => a + h.clockGhz, 0) / designs.length;
  const noLinks = designs.filter((h) => h.iciLinks === 0).length;
  const designTdp = report.rows.map((r) => hardwareCost(r.single.hardware).tdpWatts);
  lines.push(`- **What the cost model charges** (docs/model.md §3, fitted to TPUv2, TPU-v3 and TPUv4i; docs/validation.md). tpu-v3's ${r3(tpuCost.peakWatts)} W peak includes ${r3(line('uncore').watts + line('chip-links').watts)} W of chip I/O and chip-to-chip links and ${r3(line('leakage').watts)} W of leakage; only ${r3(line('uncore').areaMm2)} mm² of its ${r3(tpuCost.areaMm2)} mm² is fixed whatever the design. ${noLinks} of ${designs.length} single-workload designs drop the chip-to-chip links (a design choice: an inference part needs none); their clocks average ${meanClock.toFixed(2)} GHz, at the nominal-voltage knee (docs/model.md §3.3: above it every watt of dynamic power grows with V²), and their TDPs run ${r3(Math.min(...designTdp))}–${r3(Math.max(...designTdp))} W against tpu-v3's ${r3(tpuCost.tdpWatts)} W.`);
  const gmemCost = hardwareCost({ ...baselineHardware(), globalMemoryMiB: 128 });
  lines.push(`- **Global memory.** ${withGmem} of ${report.rows.length} single-workload designs use one${withGmem ? ` (${report.rows.filter((r) => r.single.hardware.globalMemoryMiB > 0).map((r) => `${r.workload}: ${r.single.hardware.globalMemoryMiB} MiB`).join(', ')})` : ''}. At 16 nm a 128 MiB GMEM adds ${r3(gmem128)} mm² and ${r3(gmemCost.tdpWatts - tpuCost.tdpWatts)} W to tpu-v3 in our model (SRAM area per MiB from TPUv4i's CMEM, docs/sources.md §4.3; its own leakage and floorplan-length wires), so under the tpu-v3 area budget it displaces compute that fusion must win back. The paper reports large on-chip memories with fusion as a key lever; with a 7 nm node (\`--node\` is a study setting, docs/sources.md §8.3) or a larger area budget the trade-off moves.`);
  const passGain = (rs: ReproduceRow[], label: string) => gm(rs, (r) => r.ablation.find((x) => x.passes === label)?.speedup ?? 1);
  lines.push(`- **Software alone: ${f2(report.averageSoftwareOnlyGain)}× on average against the paper's "up to ${report.paper.softwareOnlyGain}×".** Our baseline software is not naive: it already has XLA's producer–consumer, input and multi-output fusion (docs/model.md §4.4), so FAST's passes gain only what XLA leaves. On the EfficientNets the software-only gain (${f2(gm(eff, (r) => r.softwareOnly.gain))}× on average) comes mostly from the layout pass (+padding ${f2(passGain(eff, '+padding'))}×: depthwise convolutions moved from the 128×128 arrays, where TPU-style packing leaves them under 1% utilized, to the vector unit) and from fusion keeping tensors in the 16 MiB VMEM (+fusion ${f2(passGain(eff, '+fusion'))}×; tpu-v3 has no GMEM, docs/model.md §5.1). ResNet-50 gains ${f2(gm(resnet, (r) => r.softwareOnly.gain))}× (+fusion ${f2(passGain(resnet, '+fusion'))}×); BERT ${f2(gm(bert, (r) => r.softwareOnly.gain))}×, where fused attention keeps the sequence × sequence scores on chip (+fused attention ${f2(passGain(bert, '+fused attention'))}× on average, docs/model.md §5.4).`);
  lines.push(`- **BERT is already efficient on tpu-v3** in our model (matrix units ${pct(bert[0]?.baseline.bottleneck.utilization ?? NaN)} busy at sequence 128): large matmuls map well on 128×128 arrays, which leaves less to gain than for EfficientNet, whose depthwise and squeeze-excite layers are the bottleneck FAST targets.`);
  lines.push(`- **Search budget.** ${s.trials} trials per study with \`${s.algorithm}\`${s.quick ? ' (quick run)' : ''}; the paper's budget is not known to us.`);
  const tpuHw = baselineHardware();
  const effArrays = gm(eff, (r) => r.single.hardware.cores * r.single.hardware.arraysPerCore);
  const effPeArray = gm(eff, (r) => r.single.hardware.arrayRows * r.single.hardware.arrayCols);
  const effLanes = gm(eff, (r) => r.single.hardware.cores * r.single.hardware.vectorLanesPerCore);
  lines.push(`- **What matches.** The ordering the paper reports holds: the EfficientNets gain most (their depthwise and squeeze-excite layers are the tpu-v3 bottleneck), and their designs use ${f2(effArrays)} arrays of ${r3(effPeArray)} PEs on average (geometric mean; tpu-v3: ${tpuHw.cores * tpuHw.arraysPerCore} of ${tpuHw.arrayRows * tpuHw.arrayCols}) and ${r3(effLanes)} vector lanes (tpu-v3: ${tpuHw.cores * tpuHw.vectorLanesPerCore}); one design for the whole suite gives up part of the single-workload gains (${f2(report.averageSuiteGain)}× vs ${f2(report.averageSingleWorkloadGain)}×).`);
  return { markdown: lines.join('\n') + '\n', svg: gainsSvg(report.rows) + '\n' };
}

if (process.argv[1]?.endsWith('results.ts')) {
  const root = new URL('../', import.meta.url);
  const input = process.argv[2] ?? 'docs/results.json';
  const { markdown, svg } = renderResults(JSON.parse(readFileSync(new URL(input, root), 'utf8')) as ReproduceReport, input);
  mkdirSync(new URL('docs/images/', root), { recursive: true });
  writeFileSync(new URL('docs/images/gains.svg', root), svg);
  writeFileSync(new URL('docs/results.md', root), markdown);
  console.log('wrote docs/results.md and docs/images/gains.svg');
}
