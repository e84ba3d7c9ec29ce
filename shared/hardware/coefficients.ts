// THE coefficient table for area, power and energy (docs/model.md §3.4). Every number is a Coefficient that says where it
// comes from: 'sourced' (a published number, docs/sources.md §4 unless named), 'derived' (arithmetic on other entries,
// shown in code and in `source`), 'assumed' (our estimate, with the reasoning AND a documented plausible range that
// `fast sensitivity` sweeps) or 'calibrated' (one of the three knobs fitted by least squares to the TPU family's
// published die areas and TDPs; calibrate.ts re-fits them and a test checks the literals).
// The table is built by a function of the assumed values and the knobs, so a sensitivity run can rebuild it with any
// assumption at either end of its range and re-fit the knobs. cost.ts and energy.ts read only this table.
import type { DramTechnology, ProcessNode, TdpClass } from './params';

export type Basis = 'sourced' | 'derived' | 'assumed' | 'calibrated';

export interface Coefficient {
  value: number;
  unit: string;
  basis: Basis;
  source: string;
  /** Assumed entries: the plausible range [low, high] (docs/model.md §3.6). */
  range?: readonly [number, number];
}

const sourced = (value: number, unit: string, source: string): Coefficient => ({ value, unit, basis: 'sourced', source });
const derived = (value: number, unit: string, source: string): Coefficient => ({ value, unit, basis: 'derived', source });
const calibrated = (value: number, unit: string, source: string): Coefficient => ({ value, unit, basis: 'calibrated', source });

// ---------------------------------------------------------------------------------------------------------
// Published numbers everything else is built from.
// ---------------------------------------------------------------------------------------------------------
const S = {
  // Energy per operation, pJ: Horowitz ISSCC 2014 at 45 nm; Ten Lessons (ISCA 2021) Table 2 at 7 nm.
  fp32MulPj45: sourced(3.7, 'pJ', 'Horowitz ISSCC 2014, 45 nm (docs/sources.md §4.1)'),
  fp32AddPj45: sourced(0.9, 'pJ', 'Horowitz ISSCC 2014, 45 nm (docs/sources.md §4.1)'),
  sram8kPj64b45: sourced(10, 'pJ per 64-bit read', 'Horowitz ISSCC 2014, 8 KB SRAM, 45 nm (docs/sources.md §4.1)'),
  sram32kPj64b45: sourced(20, 'pJ per 64-bit read', 'Horowitz ISSCC 2014, 32 KB SRAM, 45 nm (docs/sources.md §4.1)'),
  sram1mPj64b45: sourced(100, 'pJ per 64-bit read', 'Horowitz ISSCC 2014, 1 MB SRAM, 45 nm (docs/sources.md §4.1)'),
  bf16MulPj7: sourced(0.21, 'pJ', 'Ten Lessons Table 2, 7 nm (docs/sources.md §4.1)'),
  fp32MulPj7: sourced(1.31, 'pJ', 'Ten Lessons Table 2, 7 nm (docs/sources.md §4.1)'),
  fp32AddPj7: sourced(0.38, 'pJ', 'Ten Lessons Table 2, 7 nm (docs/sources.md §4.1)'),
  sram8kPj64b7: sourced(7.5, 'pJ per 64-bit read', 'Ten Lessons Table 2, 8 KB SRAM, 7 nm (docs/sources.md §4.1)'),
  sram32kPj64b7: sourced(8.5, 'pJ per 64-bit read', 'Ten Lessons Table 2, 32 KB SRAM, 7 nm (docs/sources.md §4.1)'),
  sram1mPj64b7: sourced(14, 'pJ per 64-bit read', 'Ten Lessons Table 2, 1 MB SRAM, 7 nm (docs/sources.md §4.1)'),
  hbm2IoPj64b: sourced(350, 'pJ per 64 bits', 'Ten Lessons Table 2: HBM2 access 250–450 pJ/64 b; midpoint (docs/sources.md §4.1)'),
  gddr6IoPj64b: sourced(415, 'pJ per 64 bits', 'Ten Lessons Table 2: GDDR6 access 350–480 pJ/64 b; midpoint (docs/sources.md §4.1)'),
  hbm2DevicePjPerBit: sourced(3.97, 'pJ/bit', 'O\'Connor et al., MICRO 2017: HBM2 device energy (docs/sources.md §4.2)'),
  // Area.
  sramBitcellUm2At16: sourced(0.07, 'µm²', '16 nm high-density SRAM bitcell (docs/sources.md §4.3)'),
  sramBitcellUm2At7: sourced(0.027, 'µm²', '7 nm high-density SRAM bitcell (docs/sources.md §4.3)'),
  hbmPhyMm2: sourced(10.45, 'mm² per 1024-bit stack', 'LLMCompass (ISCA 2024): HBM2e PHY, does not shrink with node (docs/sources.md §4.5)'),
  hbmPhyCtrlMm2PerChannel7: sourced(1.04, 'mm² per 128-bit channel', 'reallm: HBM PHY + controller at 7 nm (docs/sources.md §4.5)'),
  // The TPU family (docs/sources.md §2.2–2.4).
  tpuV3DieBoundMm2: sourced(700, 'mm²', 'Ten Lessons: TPU-v3 die < 700 mm², 16 nm (docs/sources.md §2.2; recalled, not verified)'),
  tpuV3MxuShare: sourced(0.11, 'fraction of die', 'Ten Lessons: TPU-v3 MXUs are 11% of the die (docs/sources.md §2.2)'),
  tpuV3Mxus: sourced(4, 'MXUs of 128×128', 'Cloud TPU docs: 2 cores × 2 MXUs (docs/sources.md §2.2)'),
  tpuV3TdpW: sourced(450, 'W', 'Ten Lessons; Cloud TPU docs: TPU-v3 TDP (docs/sources.md §2.2)'),
  tpuV3MeasuredMinW: sourced(123, 'W', 'Cloud TPU docs: TPU-v3 measured power, minimum (docs/sources.md §2.2)'),
  tpuV3MeasuredMeanW: sourced(220, 'W', 'Cloud TPU docs: TPU-v3 measured power, mean (docs/sources.md §2.2)'),
  tpuV3MeasuredMaxW: sourced(262, 'W', 'Cloud TPU docs: TPU-v3 measured power, maximum (docs/sources.md §2.2)'),
  tpuV3AlusPerCore: sourced(1024, 'ALUs per core', 'Hot Chips 2020 (Norrie & Patil): 128 lanes × 8 sublanes per core, ≈ 1–2 k fp32 ALUs (docs/sources.md §2.2); one ALU per lane, as the performance model issues one op per lane per cycle'),
  tpuV2DieBoundMm2: sourced(625, 'mm²', 'Ten Lessons: TPUv2 die < 625 mm², 16 nm (docs/sources.md §2.4)'),
  tpuV2TdpW: sourced(280, 'W', 'Ten Lessons: TPUv2 TDP, air-cooled (docs/sources.md §2.4)'),
  tpuV2MxuShare: sourced(0.08, 'fraction of die', 'Ten Lessons: TPUv2 MXUs are 8% of the die (docs/sources.md §2.4)'),
  tpuV4iDieBoundMm2: sourced(400, 'mm²', 'Ten Lessons: TPUv4i die < 400 mm², 7 nm (docs/sources.md §2.3)'),
  tpuV4iTdpW: sourced(175, 'W', 'Ten Lessons: TPUv4i TDP, air-cooled (docs/sources.md §2.3)'),
  tpuV4iMxuShare: sourced(0.11, 'fraction of die', 'Ten Lessons: TPUv4i MXUs are 11% of the die (docs/sources.md §2.4)'),
  tpuV4iCmemShare: sourced(0.28, 'fraction of die', 'Ten Lessons: TPUv4i 128 MiB CMEM is 28% of the die (docs/sources.md §2.3)'),
  tpuV4iCmemMiB: sourced(128, 'MiB', 'Ten Lessons: TPUv4i CMEM (docs/sources.md §2.3)'),
};

// ---------------------------------------------------------------------------------------------------------
// Assumptions: every number we estimated, with its reasoning and a plausible range (docs/model.md §3.6).
// ---------------------------------------------------------------------------------------------------------
export interface Assumption { value: number; low: number; high: number; unit: string; label: string; source: string }
const as = (value: number, low: number, high: number, unit: string, label: string, source: string): Assumption => ({ value, low, high, unit, label, source });

export const ASSUMPTIONS = {
  dieFractionOfBound: as(0.95, 0.85, 1.0, 'fraction', 'die as a fraction of its published "<" bound',
    'the published die sizes are upper bounds ("<"); we take each die as 95% of its bound'),
  // What a vector lane is made of (docs/model.md §3.4). A lane = one fp32-class FMA ALU issuing one op per cycle.
  fmaAluMacEquivalents: as(4, 2.5, 6, 'bf16 MACs of area per fp32 FMA ALU', 'fp32 ALU area in MACs',
    'an fp32 FMA\'s 24-bit mantissa multiplier has ~9× the partial products of a bf16 MAC\'s 8-bit one, its adder is the same fp32 class as the MAC\'s accumulator, and a MAC\'s weight latches and pipeline registers are not multiplied: ≈ 4 MACs'),
  vectorRegisterBitsPerLane: as(32 * 32, 512, 2048, 'bits per lane', 'vector register bits per lane',
    '32 vector registers × 32 bits per lane (TPU-v2/v3 vregs are 8 sublanes × 128 lanes × 32 bits; 32 of them — recalled from public summaries of Hot Chips 2020, not verified)'),
  registerBitUm2At16: as(4, 2, 6, 'µm² per register-file bit, 16 nm', 'register-file bit area',
    'a latch or flop bit with the read/write-port muxes of a ~4-read/2-write register file ≈ 4 µm² at 16 nm, ~57× the 0.07 µm² high-density 6T bitcell'),
  laneSharedMacEquivalents: as(4, 2, 8, 'bf16 MACs of area per lane', 'shared vector units per lane',
    'each lane\'s share of the units every lane uses but no lane owns: cross-lane transpose/permute/reduce, transcendental functions, the load/store path to local memory and the push/pop path to the arrays'),
  deliveryMmAt16: as(5, 3, 8, 'mm', 'operand route to an array (16 nm)',
    'average route from local memory and the vector registers to an array\'s edge inside one TensorCore: a TPU-v3 core is ~half of a 665 mm² die, ~18 mm on a side; a third of that'),
  wirePitchUm: as(0.2, 0.1, 0.3, 'µm per wire', 'wide-bus wire pitch',
    'effective pitch of a wide on-chip bus on intermediate/semi-global metal, including repeaters and shielding (16 nm intermediate metals are ~0.08–0.1 µm; semi-global ~0.2 µm)'),
  deliveryStagingBytes: as(16, 8, 32, 'bytes per byte-lane of array port', 'array staging depth',
    'skew/deskew FIFOs at the array inputs and the result staging buffer at its outputs: ~16 entries deep, built of latches at half a register bit\'s area'),
  coreControlMm2At16: as(12, 6, 20, 'mm² per core', 'core control area (16 nm)',
    'per-core fixed logic: scalar unit (2 ALUs, 32 registers, 16 KiB scalar memory), VLIW sequencer and instruction memory, DMA and sync engines of one TensorCore'),
  nocMm2PerGBpsAt16: as(0.02, 0.01, 0.04, 'mm² per GB/s', 'on-chip network area (16 nm)',
    'on-chip network from DRAM controllers and GMEM to the cores: 1 GB/s ≈ 1 B/cycle at 1 GHz = 8 wires of ~10 mm at ~0.2 µm pitch (0.016 mm²) plus router buffers'),
  dramControllerShare: as(0.25, 0.15, 0.5, 'fraction', 'DRAM controller share of PHY + controller',
    'share of reallm\'s 1.04 mm² PHY + controller per 128-bit channel at 7 nm that is the controller (queues, scheduler, refresh); the PHY is priced separately (LLMCompass)'),
  sramPeripheryShrink: as(1, 0.6, 1, '× bitcell ratio', 'SRAM macro shrink 16→7 nm vs the bitcell',
    'the 16 nm SRAM density is the 7 nm one (TPUv4i, periphery included) × the bitcell ratio 2.593 × this; < 1 if periphery shrank less than the bitcell (then 16 nm SRAM is denser than we price it: the issue\'s 1.4–1.8× concern)'),
  fixedIoMm2At16: as(55, 35, 80, 'mm² per chip', 'chip I/O and management area (16 nm)',
    'fixed per chip, whatever the design: PCIe Gen3 x16 PHY and controller (~12), host queues and chip-level DMA (~13), management processor, PLLs, thermal sensors, fuses, test and debug (~15), bump/ESD and seal-ring keep-outs (~15)'),
  fixedIoW: as(10, 5, 20, 'W per chip', 'chip I/O and management power',
    'fixed per chip: PCIe (3–5 W), host DMA, management processor, PLLs and sensors (~5 W)'),
  ioShareThatDoesNotShrink: as(0.5, 0.3, 0.8, 'fraction', 'share of chip I/O that does not shrink',
    'SerDes/PCIe PHYs, bumps and keep-outs do not shrink with the node; the rest (controllers, DMA, management) does'),
  linkMm2At16: as(16, 10, 25, 'mm² per link', 'chip-to-chip link area (16 nm)',
    'one ICI link: its SerDes lanes and link layer (~10 mm², analog, does not shrink) plus its share of the ICI router and buffers (~6 mm² at 16 nm); TPU-v3\'s 4 links ≈ 64 mm²'),
  linkSerdesShare: as(0.6, 0.4, 0.8, 'fraction', 'share of a link that does not shrink',
    'the SerDes and link layer part of a link\'s area (10 of 16 mm²)'),
  linkW: as(5, 2, 8, 'W per link', 'chip-to-chip link power',
    'one ICI link at ~650 Gb/s per direction: SerDes at ~3–5 pJ/bit in both directions (4–6 W) with its router share; I/O power, unchanged by the core node'),
  wireEnergyPjPerByteMm: as(0.8, 0.4, 1.6, 'pJ per byte per mm', 'on-chip wire energy',
    '0.1 pJ/bit/mm for long on-chip wires (order of magnitude recalled from Keckler et al., IEEE Micro 2011, not verified); wire capacitance per mm barely changes with node'),
  logicWattsPerMm2PerGhzAt16: as(0.2, 0.1, 0.4, 'W per mm² per GHz', 'control logic power density (16 nm)',
    'control-dominated logic at full activity: ¼ of the MXU arithmetic\'s own density (≈ 0.8 W/mm²/GHz), since such logic toggles far less per gate'),
  logicLeakageWPerMm2At16: as(0.07, 0.04, 0.12, 'W/mm²', 'logic leakage (16 nm)',
    '16 nm FinFET logic at a hot junction and nominal voltage: 0.05–0.1 W/mm² (leakage is typically 10–20% of a large 16 nm chip\'s power)'),
  logicLeakageRatio7to16: as(1.5, 1.0, 2.5, '× (7 nm / 16 nm per mm²)', 'logic leakage density 7 nm ÷ 16 nm',
    '2.6× more devices per mm² at 7 nm, each leaking less: ≈ 1.5× the 16 nm density per mm²'),
  sramLeakageWPerMiB: as(0.01, 0.002, 0.05, 'W per MiB', 'SRAM leakage',
    'high-density 6T bitcells leak ~10–100 pA each at a hot junction (8.4 M bits per MiB ≈ 0.1–1 mW) plus periphery; with periphery and margin ≈ 10 mW per MiB at 16 and 7 nm (low-leakage HD cells, not logic density)'),
  dynamicOverhead: as(0.4, 0.2, 0.6, '× on-die dynamic power', 'clock and control overhead on dynamic power',
    'clock distribution, pipeline and staging registers and control that per-operation energies leave out: typically 30–50% of a synchronous datapath\'s dynamic power (order of magnitude recalled, not verified)'),
  vfKneeGhzAt16: as(0.94, 0.8, 1.1, 'GHz', 'nominal-voltage clock (16 nm)',
    'the clock a 16 nm TPU-class pipeline reaches at nominal voltage: TPU-v3\'s 940 MHz (TPUv2 runs 700 MHz on the same node); below it the supply stays at nominal (libraries are signed off there), above it voltage must rise'),
  vfKneeGhzAt7: as(1.05, 0.9, 1.3, 'GHz', 'nominal-voltage clock (7 nm)',
    'TPUv4i and TPU v4 both run 1,050 MHz at 7 nm: the family\'s own evidence of the node\'s comfortable clock'),
  vfSlope: as(0.4, 0.2, 0.7, 'ΔV/V per Δf/f', 'voltage rise per clock rise above the knee',
    'above the knee, V/V_nom = 1 + 0.4 · (f/f_knee − 1): 16 nm from 0.80 V at 0.94 GHz to ≈ 0.99 V at 1.5 GHz, typical of FinFET DVFS tables (0.6–1.0 V over 0.5–2 GHz; recalled, not verified)'),
  gddr6IoShare: as(0.5, 0.3, 0.7, 'fraction', 'I/O share of GDDR6 access energy',
    'board traces at 12–16 Gb/s make I/O about half of GDDR6\'s 6.48 pJ/bit access energy'),
  gddr6PhyMm2: as(3.5, 2, 5, 'mm² per x32 device', 'GDDR6 PHY area',
    '≈ 0.11 mm² per pin: ~10× an HBM pin\'s area (10.45 mm²/1024) for ~7× its rate with equalisation'),
  lpddr5PhyMm2: as(1.5, 0.8, 2.5, 'mm² per x32 device', 'LPDDR5 PHY area',
    '≈ 0.05 mm² per pin: between an HBM pin and a GDDR6 pin, at 6.4 Gb/s'),
  dramBackgroundWPerGiB: as(0.05, 0.016, 0.09, 'W per GiB', 'DRAM background power per GiB',
    'the power DRAM draws to hold its data whatever the traffic: standby (IDD2N/IDD3N-class currents: clocked, banks '
    + 'precharged or open) and refresh. Micron\'s 8 Gb DDR4 x16 (MT40A512M16, rev. D) datasheet gives IDD2N 66–74 mA at '
    + 'VDD 1.2 V: 79–89 mW per 8 Gb die = 1 GiB, the high end; self-refresh, the floor, is IDD6 ≈ 6 mA at 1.35 V per 4 Gb '
    + 'DDR3L die (Micron MT41K1G4): 8 mW per 0.5 GiB = 16 mW/GiB, the low end. HBM2 dies share a base die and skip the '
    + 'DLL and termination a DDR4 die powers in standby: ≈ 50 mW/GiB (TPU-v3\'s 32 GiB: 1.6 W)'),
} as const satisfies Record<string, Assumption>;

export type AssumptionKey = keyof typeof ASSUMPTIONS;
export type AssumedValues = Record<AssumptionKey, number>;
export const ASSUMED_VALUES: AssumedValues = Object.fromEntries(
  Object.entries(ASSUMPTIONS).map(([k, a]) => [k, a.value]),
) as AssumedValues;

// ---------------------------------------------------------------------------------------------------------
// The three calibrated knobs (docs/model.md §3.5), fitted by calibrate.ts's `fitFamily()` to the TPU family's
// die areas (TPUv2, TPU-v3, TPUv4i) and TDPs. Re-fit after changing any other entry; tests/unit/hardware-cost.test.ts
// fails when these literals drift from the fit.
// ---------------------------------------------------------------------------------------------------------
export interface Knobs {
  /** Die area no modelled block explains, as a fraction of the modelled on-die blocks (routing, power grid, DFT…). */
  unattributedFraction: number;
  /** TDP rating ÷ all-units peak power, for a training part (TPUv2, TPU-v3) and for an inference part (TPUv4i). */
  rating: Record<TdpClass, number>;
}

export const FITTED_KNOBS: Knobs = {
  unattributedFraction: 0.7442335759980874,
  rating: { training: 1.4447530090126626, inference: 0.8175873435182185 },
};

// ---------------------------------------------------------------------------------------------------------
// The table.
// ---------------------------------------------------------------------------------------------------------
export interface NodeCoefficients {
  macAreaMm2: Coefficient;
  vectorLaneAreaMm2: Coefficient;
  deliveryMm2PerBytePerCycle: Coefficient;
  sramMm2PerMiB: Coefficient;
  coreControlMm2: Coefficient;
  nocMm2PerGBps: Coefficient;
  dramControllerMm2PerChannel: Coefficient;
  fixedIoMm2: Coefficient;
  linkMm2: Coefficient;
  macEnergyPj: Coefficient;
  vectorLaneOpEnergyPj: Coefficient;
  localSramEnergyPjPerByte: Coefficient;
  sramEnergyPjPerByte: Coefficient;
  wireEnergyPjPerByteMm: Coefficient;
  deliveryDistanceMm: Coefficient;
  logicWattsPerMm2PerGhz: Coefficient;
  logicLeakageWattsPerMm2: Coefficient;
  sramLeakageWattsPerMiB: Coefficient;
  fixedIoWatts: Coefficient;
  linkWatts: Coefficient;
  /** Voltage–frequency curve: V/V_nom = 1 below the knee, 1 + slope·(f/knee − 1) above. */
  vfKneeGhz: Coefficient;
}

export interface DramCoefficients {
  deviceEnergyPjPerBit: Coefficient;
  /** Standby and refresh power per GiB of capacity, W (off-die; drawn whatever the traffic). */
  backgroundWattsPerGiB: Coefficient;
  phyEnergyPjPerBit: Coefficient;
  /** PHY area per stack/device, mm² (analog I/O: the same at every node). */
  phyAreaMm2: Coefficient;
}

export interface CoefficientTable {
  sources: typeof S;
  /** The assumed values this table was built from (ASSUMED_VALUES unless a sensitivity run changed one). */
  assumed: AssumedValues;
  knobs: Knobs;
  node: Record<ProcessNode, NodeCoefficients>;
  dram: Record<DramTechnology, DramCoefficients>;
  chip: {
    dynamicOverhead: Coefficient; vfSlope: Coefficient; unattributedFraction: Coefficient;
    ratingTraining: Coefficient; ratingInference: Coefficient; areaScale16to7: Coefficient; logicScale16to7: Coefficient; energyScale16to7: Coefficient;
  };
}

/** An assumed entry of the table: its value and range from ASSUMPTIONS (or the run's value). */
function assumedCoef(key: AssumptionKey, a: AssumedValues, value = a[key], unit: string = ASSUMPTIONS[key].unit, extra = ''): Coefficient {
  const x = ASSUMPTIONS[key];
  return { value, unit, basis: 'assumed', source: `${x.source}${extra}`, range: [x.low, x.high] };
}

/** Build the table from the assumed values and the knobs (defaults: ours, as fitted). */
export function buildCoefficients(a: AssumedValues = ASSUMED_VALUES, knobs: Knobs = FITTED_KNOBS): CoefficientTable {
  /** 16 nm value between 45 nm and 7 nm, linear in log(energy) against log(feature size) (docs/sources.md §4.2). */
  const LOG_T = Math.log(45 / 16) / Math.log(45 / 7); // 0.5557
  const at16 = (e45: number, e7: number) => Math.exp((1 - LOG_T) * Math.log(e45) + LOG_T * Math.log(e7));

  const AREA_SCALE = S.sramBitcellUm2At16.value / S.sramBitcellUm2At7.value; // 2.593
  const LENGTH_SCALE = Math.sqrt(AREA_SCALE); // 1.610
  const FP32_MUL_16 = at16(S.fp32MulPj45.value, S.fp32MulPj7.value); // 2.078 pJ
  const FP32_ADD_16 = at16(S.fp32AddPj45.value, S.fp32AddPj7.value); // 0.557 pJ
  const ENERGY_SCALE = FP32_MUL_16 / S.fp32MulPj7.value; // 1.586
  const BF16_MUL_16 = S.bf16MulPj7.value * ENERGY_SCALE; // 0.333 pJ
  const SRAM8K_16 = at16(S.sram8kPj64b45.value, S.sram8kPj64b7.value); // 8.52 pJ / 64 b
  const SRAM32K_16 = at16(S.sram32kPj64b45.value, S.sram32kPj64b7.value); // 12.4 pJ / 64 b
  const SRAM1M_16 = at16(S.sram1mPj64b45.value, S.sram1mPj64b7.value); // 33.5 pJ / 64 b
  const TPU_V3_DIE = a.dieFractionOfBound * S.tpuV3DieBoundMm2.value; // 665 mm²
  const TPU_V4I_DIE = a.dieFractionOfBound * S.tpuV4iDieBoundMm2.value; // 380 mm²
  const MAC_AREA_16 = (S.tpuV3MxuShare.value * TPU_V3_DIE) / (S.tpuV3Mxus.value * 128 * 128); // 1.116e-3 mm²
  const MAC_AREA_7 = (S.tpuV4iMxuShare.value * TPU_V4I_DIE) / (4 * 128 * 128); // 6.38e-4 mm²
  // Logic shrinks by what the same block (a 128×128 bf16 MXU) shrank from TPU-v3 to TPUv4i: 1.75×, not the bitcell's 2.59×.
  const LOGIC_SCALE = MAC_AREA_16 / MAC_AREA_7;
  const SRAM_MM2_PER_MIB_7 = (S.tpuV4iCmemShare.value * TPU_V4I_DIE) / S.tpuV4iCmemMiB.value; // 0.831 mm²/MiB
  const LANE_MAC_EQ = a.fmaAluMacEquivalents + a.laneSharedMacEquivalents; // 8
  const LANE_RF_MM2_16 = (a.vectorRegisterBitsPerLane * a.registerBitUm2At16) / 1e6; // 4.10e-3 mm²
  const LANE_AREA_16 = LANE_MAC_EQ * MAC_AREA_16 + LANE_RF_MM2_16; // 0.01302 mm²
  const DELIVERY_MM2_16 = (8 * a.deliveryMmAt16 * a.wirePitchUm) / 1e3
    + (a.deliveryStagingBytes * 8 * (a.registerBitUm2At16 / 2)) / 1e6; // 8.26e-3 mm²
  const FIXED_IO_7 = a.fixedIoMm2At16 * (a.ioShareThatDoesNotShrink + (1 - a.ioShareThatDoesNotShrink) / LOGIC_SCALE);
  const LINK_7 = a.linkMm2At16 * (a.linkSerdesShare + (1 - a.linkSerdesShare) / LOGIC_SCALE);
  const HBM_DEVICE = S.hbm2DevicePjPerBit.value;
  const HBM_PHY_PJ = S.hbm2IoPj64b.value / 64 - HBM_DEVICE; // 1.50 pJ/bit
  const GDDR6_TOTAL = S.gddr6IoPj64b.value / 64; // 6.48 pJ/bit

  const LANE_REASON = `one fp32 FMA ALU × ${a.fmaAluMacEquivalents} MACs + ${a.laneSharedMacEquivalents} MACs of shared cross-lane/transcendental/load-store units + a ${a.vectorRegisterBitsPerLane}-bit register-file slice at ${a.registerBitUm2At16} µm²/bit; ≈ ${(LANE_AREA_16 / MAC_AREA_16).toFixed(1)} MAC-equivalents. One ALU per lane: TPU-v3 has 1,024 lanes per core and ≈ 1–2 k ALUs (Hot Chips 2020), and the performance model issues one op per lane per cycle`;

  const node16: NodeCoefficients = {
    macAreaMm2: derived(MAC_AREA_16, 'mm² per bf16 MAC', `11% of a ${TPU_V3_DIE.toFixed(0)} mm² TPU-v3 die over 4 MXUs × 16,384 MACs (docs/sources.md §2.2, §4.4: ≤ ~19 mm² per MXU)`),
    vectorLaneAreaMm2: derived(LANE_AREA_16, 'mm² per lane', LANE_REASON),
    deliveryMm2PerBytePerCycle: derived(DELIVERY_MM2_16, 'mm² per B/cycle of array port', `8 wires × ${a.deliveryMmAt16} mm × ${a.wirePitchUm} µm pitch + ${a.deliveryStagingBytes} B of staging latches at ${a.registerBitUm2At16 / 2} µm²/bit`),
    sramMm2PerMiB: derived(SRAM_MM2_PER_MIB_7 * AREA_SCALE * a.sramPeripheryShrink, 'mm²/MiB', `7 nm value × bitcell ratio 2.593 × ${a.sramPeripheryShrink} (docs/sources.md §4.3; assumption sramPeripheryShrink)`),
    coreControlMm2: assumedCoef('coreControlMm2At16', a),
    nocMm2PerGBps: assumedCoef('nocMm2PerGBpsAt16', a),
    dramControllerMm2PerChannel: derived(a.dramControllerShare * S.hbmPhyCtrlMm2PerChannel7.value * AREA_SCALE, 'mm² per channel', `${a.dramControllerShare} × reallm's 1.04 mm² per channel at 7 nm × 2.593 (controller logic shrinks; the PHY does not)`),
    fixedIoMm2: assumedCoef('fixedIoMm2At16', a),
    linkMm2: assumedCoef('linkMm2At16', a),
    macEnergyPj: derived(BF16_MUL_16 + FP32_ADD_16, 'pJ per MAC', 'bf16 multiply (7 nm 0.21 pJ × 1.586) + fp32 add (0.9 → 0.38 pJ interpolated: 0.557 pJ), at nominal voltage'),
    vectorLaneOpEnergyPj: derived(FP32_MUL_16 + FP32_ADD_16 + 1.5 * SRAM8K_16, 'pJ per lane op', 'fp32 multiply 2.078 + fp32 add 0.557 + three 32-bit register-file accesses at the interpolated 8 KB SRAM energy (8.52 pJ/64 b)'),
    localSramEnergyPjPerByte: derived(SRAM32K_16 / 8, 'pJ/B', '32 KB SRAM 64-bit read interpolated to 16 nm (12.4 pJ) ÷ 8: local memory is split into small banks next to their consumers'),
    sramEnergyPjPerByte: derived(SRAM1M_16 / 8, 'pJ/B', '1 MB SRAM 64-bit read interpolated to 16 nm (33.5 pJ) ÷ 8; a global memory is built of ~1 MB banks'),
    wireEnergyPjPerByteMm: assumedCoef('wireEnergyPjPerByteMm', a),
    deliveryDistanceMm: derived(a.deliveryMmAt16, 'mm', 'assumption deliveryMmAt16: how far array operands travel from local memory'),
    logicWattsPerMm2PerGhz: assumedCoef('logicWattsPerMm2PerGhzAt16', a),
    logicLeakageWattsPerMm2: assumedCoef('logicLeakageWPerMm2At16', a),
    sramLeakageWattsPerMiB: assumedCoef('sramLeakageWPerMiB', a),
    fixedIoWatts: assumedCoef('fixedIoW', a),
    linkWatts: assumedCoef('linkW', a),
    vfKneeGhz: assumedCoef('vfKneeGhzAt16', a),
  };
  const node7: NodeCoefficients = {
    macAreaMm2: derived(MAC_AREA_7, 'mm² per bf16 MAC', `11% of a ${TPU_V4I_DIE.toFixed(0)} mm² TPUv4i die over 4 MXUs × 16,384 MACs (docs/sources.md §2.4): the same MXU as TPU-v3's, ${LOGIC_SCALE.toFixed(2)}× smaller`),
    vectorLaneAreaMm2: derived(LANE_AREA_16 / LOGIC_SCALE, 'mm² per lane', `16 nm value ÷ ${LOGIC_SCALE.toFixed(2)} (the MXU's logic scale)`),
    deliveryMm2PerBytePerCycle: derived(DELIVERY_MM2_16 / LOGIC_SCALE, 'mm² per B/cycle of array port', `16 nm value ÷ ${LOGIC_SCALE.toFixed(2)} (the MXU's logic scale)`),
    sramMm2PerMiB: derived(SRAM_MM2_PER_MIB_7, 'mm²/MiB', `TPUv4i: 28% of a ${TPU_V4I_DIE.toFixed(0)} mm² die for 128 MiB CMEM (docs/sources.md §2.3; within reallm's 0.45–0.9 mm²/MiB, §4.3)`),
    coreControlMm2: derived(a.coreControlMm2At16 / LOGIC_SCALE, 'mm² per core', `16 nm value ÷ ${LOGIC_SCALE.toFixed(2)} (the MXU's logic scale)`),
    nocMm2PerGBps: derived(a.nocMm2PerGBpsAt16 / LOGIC_SCALE, 'mm² per GB/s', `16 nm value ÷ ${LOGIC_SCALE.toFixed(2)} (the MXU's logic scale)`),
    dramControllerMm2PerChannel: derived(a.dramControllerShare * S.hbmPhyCtrlMm2PerChannel7.value, 'mm² per channel', `${a.dramControllerShare} × reallm's 1.04 mm² PHY + controller per 128-bit channel`),
    fixedIoMm2: derived(FIXED_IO_7, 'mm² per chip', `16 nm value with ${a.ioShareThatDoesNotShrink} of it not shrinking and the rest ÷ ${LOGIC_SCALE.toFixed(2)}`),
    linkMm2: derived(LINK_7, 'mm² per link', `16 nm value with its SerDes share (${a.linkSerdesShare}) not shrinking and the router share ÷ ${LOGIC_SCALE.toFixed(2)}`),
    macEnergyPj: derived(S.bf16MulPj7.value + S.fp32AddPj7.value, 'pJ per MAC', 'bf16 multiply 0.21 + fp32 accumulate 0.38 (Ten Lessons Table 2), at nominal voltage'),
    vectorLaneOpEnergyPj: derived(S.fp32MulPj7.value + S.fp32AddPj7.value + 1.5 * S.sram8kPj64b7.value, 'pJ per lane op', 'fp32 multiply 1.31 + add 0.38 + three 32-bit register-file accesses at the 8 KB SRAM energy (7.5 pJ/64 b)'),
    localSramEnergyPjPerByte: derived(S.sram32kPj64b7.value / 8, 'pJ/B', '32 KB SRAM 64-bit read 8.5 pJ ÷ 8 (Ten Lessons Table 2)'),
    sramEnergyPjPerByte: derived(S.sram1mPj64b7.value / 8, 'pJ/B', '1 MB SRAM 64-bit read 14 pJ ÷ 8 (Ten Lessons Table 2)'),
    wireEnergyPjPerByteMm: assumedCoef('wireEnergyPjPerByteMm', a, a.wireEnergyPjPerByteMm, undefined, '; as 16 nm: wire energy per mm barely scales with node'),
    deliveryDistanceMm: derived(a.deliveryMmAt16 / LENGTH_SCALE, 'mm', '16 nm distance ÷ √2.593'),
    logicWattsPerMm2PerGhz: derived((a.logicWattsPerMm2PerGhzAt16 * LOGIC_SCALE) / ENERGY_SCALE, 'W per mm² per GHz', `16 nm value × ${LOGIC_SCALE.toFixed(2)} (logic density) ÷ 1.586 (energy per operation)`),
    logicLeakageWattsPerMm2: derived(a.logicLeakageWPerMm2At16 * a.logicLeakageRatio7to16, 'W/mm²', `16 nm value × ${a.logicLeakageRatio7to16} (assumption logicLeakageRatio7to16)`),
    sramLeakageWattsPerMiB: assumedCoef('sramLeakageWPerMiB', a),
    fixedIoWatts: derived(a.fixedIoW * (a.ioShareThatDoesNotShrink + (1 - a.ioShareThatDoesNotShrink) / ENERGY_SCALE), 'W per chip', '16 nm value with its I/O share unchanged and the rest ÷ 1.586'),
    linkWatts: assumedCoef('linkW', a, a.linkW, undefined, '; I/O power, the same at 7 nm'),
    vfKneeGhz: assumedCoef('vfKneeGhzAt7', a),
  };
  const dram: Record<DramTechnology, DramCoefficients> = {
    hbm2: {
      backgroundWattsPerGiB: assumedCoef('dramBackgroundWPerGiB', a),
      deviceEnergyPjPerBit: sourced(HBM_DEVICE, 'pJ/bit', 'O\'Connor et al., MICRO 2017 (docs/sources.md §4.2)'),
      phyEnergyPjPerBit: derived(HBM_PHY_PJ, 'pJ/bit', 'HBM2 access 350 pJ/64 b (Ten Lessons midpoint) = 5.47 pJ/bit, minus the 3.97 pJ/bit device'),
      phyAreaMm2: derived(S.hbmPhyMm2.value, 'mm² per stack', 'LLMCompass\'s HBM2e PHY (10.45 mm²), taken for HBM2: same 1024-bit interface'),
    },
    hbm2e: {
      backgroundWattsPerGiB: assumedCoef('dramBackgroundWPerGiB', a, a.dramBackgroundWPerGiB, undefined, '; the same per GiB for every technology (no per-technology figure)'),
      deviceEnergyPjPerBit: derived(HBM_DEVICE, 'pJ/bit', 'as HBM2 (3.97 pJ/bit): no HBM2E figure in docs/sources.md §4.2; the same DRAM core at a higher rate'),
      phyEnergyPjPerBit: derived(HBM_PHY_PJ, 'pJ/bit', 'as HBM2 (1.50 pJ/bit): the same 1024-bit interposer interface'),
      phyAreaMm2: sourced(S.hbmPhyMm2.value, 'mm² per stack', 'LLMCompass: HBM2e PHY 10.45 mm² (docs/sources.md §4.5)'),
    },
    hbm3: {
      backgroundWattsPerGiB: assumedCoef('dramBackgroundWPerGiB', a, a.dramBackgroundWPerGiB, undefined, '; the same per GiB for every technology (no per-technology figure)'),
      deviceEnergyPjPerBit: derived(HBM_DEVICE, 'pJ/bit', 'as HBM2 (no HBM3 figure in docs/sources.md §4.2; likely lower, so HBM3 designs are priced conservatively)'),
      phyEnergyPjPerBit: derived(HBM_PHY_PJ, 'pJ/bit', 'as HBM2 (1.50 pJ/bit): same interposer wiring'),
      phyAreaMm2: derived(S.hbmPhyMm2.value, 'mm² per stack', 'as HBM2e (LLMCompass 10.45 mm²): the same 1024-bit interface'),
    },
    gddr6: {
      backgroundWattsPerGiB: assumedCoef('dramBackgroundWPerGiB', a, a.dramBackgroundWPerGiB, undefined, '; the same per GiB for every technology (no per-technology figure)'),
      deviceEnergyPjPerBit: derived(GDDR6_TOTAL * (1 - a.gddr6IoShare), 'pJ/bit', 'GDDR6 access 415 pJ/64 b (Ten Lessons midpoint, 6.48 pJ/bit) less its I/O share (assumption gddr6IoShare)'),
      phyEnergyPjPerBit: derived(GDDR6_TOTAL * a.gddr6IoShare, 'pJ/bit', 'the I/O share of GDDR6\'s 6.48 pJ/bit access energy (assumption gddr6IoShare)'),
      phyAreaMm2: assumedCoef('gddr6PhyMm2', a),
    },
    lpddr5: {
      backgroundWattsPerGiB: assumedCoef('dramBackgroundWPerGiB', a, a.dramBackgroundWPerGiB, undefined, '; the same per GiB for every technology (no per-technology figure)'),
      deviceEnergyPjPerBit: derived(HBM_DEVICE, 'pJ/bit', 'as HBM2: LPDDR5 is not in docs/sources.md §4.2; its low-swing I/O over short package traces is usually quoted near HBM per bit'),
      phyEnergyPjPerBit: derived(HBM_PHY_PJ, 'pJ/bit', 'as HBM2 (1.50 pJ/bit): low-swing LPDDR5 I/O over short package traces'),
      phyAreaMm2: assumedCoef('lpddr5PhyMm2', a),
    },
  };
  return {
    sources: S,
    assumed: a,
    knobs,
    node: { '16nm': node16, '7nm': node7 },
    dram,
    chip: {
      areaScale16to7: derived(AREA_SCALE, '× (16 nm SRAM area / 7 nm)', 'SRAM bitcell 0.07 / 0.027 µm² (docs/sources.md §4.3): SRAM only'),
      logicScale16to7: derived(LOGIC_SCALE, '× (16 nm logic area / 7 nm)', 'the 128×128 bf16 MXU: 11% of TPU-v3\'s die over 4 MXUs against 11% of TPUv4i\'s over 4 (docs/sources.md §2.4); applied to every logic block'),
      energyScale16to7: derived(ENERGY_SCALE, '× (16 nm energy / 7 nm energy)', 'fp32 multiply interpolated to 16 nm on log(feature size): 2.078 / 1.31 pJ (docs/sources.md §4.2: 1.5–1.8×)'),
      dynamicOverhead: assumedCoef('dynamicOverhead', a),
      vfSlope: assumedCoef('vfSlope', a),
      unattributedFraction: calibrated(knobs.unattributedFraction, '× modelled on-die area', 'die area no modelled block explains (unitemized control, routing channels, power grid, clock spine, DFT), in proportion to the modelled blocks; fitted by least squares on log area to TPUv2, TPU-v3 and TPUv4i (calibrate.ts)'),
      ratingTraining: calibrated(knobs.rating.training, '× peak power', 'TDP ÷ all-units peak power of a training part (TPUv2 280 W, TPU-v3 450 W): cooling and power-delivery envelope for sustained training with every link busy; fitted by least squares on log TDP (calibrate.ts)'),
      ratingInference: calibrated(knobs.rating.inference, '× peak power', 'TDP ÷ all-units peak power of an inference part (TPUv4i 175 W): rated near its realistic draw to fit air-cooled inference servers; fitted (calibrate.ts)'),
    },
  };
}

export const COEFFICIENTS: CoefficientTable = buildCoefficients();

/** Every coefficient with its dotted path, for docs and tests. */
export function listCoefficients(table: CoefficientTable = COEFFICIENTS): { path: string; coefficient: Coefficient }[] {
  const out: { path: string; coefficient: Coefficient }[] = [];
  const walk = (o: unknown, path: string) => {
    if (o && typeof o === 'object' && 'basis' in o && 'value' in o) { out.push({ path, coefficient: o as Coefficient }); return; }
    for (const [k, v] of Object.entries(o as object)) walk(v, path ? `${path}.${k}` : k);
  };
  walk({ sources: table.sources, node: table.node, dram: table.dram, chip: table.chip }, '');
  return out;
}

/** Supply voltage relative to nominal at clock `ghz` on a node (the V–f curve, docs/model.md §3.3). */
export function voltageRatio(table: CoefficientTable, node: ProcessNode, ghz: number): number {
  const knee = table.node[node].vfKneeGhz.value;
  return ghz <= knee ? 1 : 1 + table.chip.vfSlope.value * (ghz / knee - 1);
}
