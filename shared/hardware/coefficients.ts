// THE coefficient table for area and power (SPEC.md §3.3). Every number is a Coefficient that says where it comes
// from: 'sourced' (a published number, PAPER.md §4 unless named), 'derived' (arithmetic on other entries, shown
// in code and in `source`), 'assumed' (our estimate, with the reasoning) or 'calibrated' (solved so that the
// tpu-v3 preset lands on its public die size and TDP; calibrate.ts re-solves it and a test checks the literal).
// cost.ts reads only this table. docs/model.md §3.3 lists every entry.
import type { DramTechnology, ProcessNode } from './params';

export type Basis = 'sourced' | 'derived' | 'assumed' | 'calibrated';

export interface Coefficient {
  value: number;
  unit: string;
  basis: Basis;
  source: string;
}

const sourced = (value: number, unit: string, source: string): Coefficient => ({ value, unit, basis: 'sourced', source });
const derived = (value: number, unit: string, source: string): Coefficient => ({ value, unit, basis: 'derived', source });
const assumed = (value: number, unit: string, source: string): Coefficient => ({ value, unit, basis: 'assumed', source });
const calibrated = (value: number, unit: string, source: string): Coefficient => ({ value, unit, basis: 'calibrated', source });

// ---------------------------------------------------------------------------------------------------------
// Published numbers everything else is built from.
// ---------------------------------------------------------------------------------------------------------
const S = {
  // Energy per operation, pJ: Horowitz ISSCC 2014 at 45 nm; Ten Lessons (ISCA 2021) Table 2 at 7 nm.
  fp32MulPj45: sourced(3.7, 'pJ', 'Horowitz ISSCC 2014, 45 nm (PAPER.md §4)'),
  fp32AddPj45: sourced(0.9, 'pJ', 'Horowitz ISSCC 2014, 45 nm (PAPER.md §4)'),
  sram8kPj64b45: sourced(10, 'pJ per 64-bit read', 'Horowitz ISSCC 2014, 8 KB SRAM, 45 nm (PAPER.md §4)'),
  sram1mPj64b45: sourced(100, 'pJ per 64-bit read', 'Horowitz ISSCC 2014, 1 MB SRAM, 45 nm (PAPER.md §4)'),
  bf16MulPj7: sourced(0.21, 'pJ', 'Ten Lessons Table 2, 7 nm (PAPER.md §4)'),
  fp32MulPj7: sourced(1.31, 'pJ', 'Ten Lessons Table 2, 7 nm (PAPER.md §4)'),
  fp32AddPj7: sourced(0.38, 'pJ', 'Ten Lessons Table 2, 7 nm (PAPER.md §4)'),
  sram8kPj64b7: sourced(7.5, 'pJ per 64-bit read', 'Ten Lessons Table 2, 8 KB SRAM, 7 nm (PAPER.md §4)'),
  sram1mPj64b7: sourced(14, 'pJ per 64-bit read', 'Ten Lessons Table 2, 1 MB SRAM, 7 nm (PAPER.md §4)'),
  hbm2IoPj64b: sourced(350, 'pJ per 64 bits', 'Ten Lessons Table 2: HBM2 access 250–450 pJ/64 b; midpoint (PAPER.md §4)'),
  gddr6IoPj64b: sourced(415, 'pJ per 64 bits', 'Ten Lessons Table 2: GDDR6 access 350–480 pJ/64 b; midpoint (PAPER.md §4)'),
  hbm2DevicePjPerBit: sourced(3.97, 'pJ/bit', 'O\'Connor et al., MICRO 2017: HBM2 device energy (PAPER.md §4)'),
  // Area.
  sramBitcellUm2At16: sourced(0.07, 'µm²', '16 nm high-density SRAM bitcell (PAPER.md §4)'),
  sramBitcellUm2At7: sourced(0.027, 'µm²', '7 nm high-density SRAM bitcell (PAPER.md §4)'),
  hbmPhyMm2: sourced(10.45, 'mm² per 1024-bit stack', 'LLMCompass (ISCA 2024): HBM2e PHY, does not shrink with node (PAPER.md §4)'),
  hbmPhyCtrlMm2PerChannel7: sourced(1.04, 'mm² per 128-bit channel', 'reallm: HBM PHY + controller at 7 nm (PAPER.md §4)'),
  // TPU-v3 and TPUv4i (PAPER.md §2).
  tpuV3DieBoundMm2: sourced(700, 'mm²', 'Ten Lessons: TPU-v3 die < 700 mm², 16 nm (PAPER.md §2; recalled, not verified)'),
  tpuV3MxuShare: sourced(0.11, 'fraction of die', 'Ten Lessons: TPU-v3 MXUs are 11% of the die (PAPER.md §2)'),
  tpuV3Mxus: sourced(4, 'MXUs of 128×128', 'Cloud TPU docs: 2 cores × 2 MXUs (PAPER.md §2)'),
  tpuV3TdpW: sourced(450, 'W', 'Ten Lessons; Cloud TPU docs: TPU-v3 TDP (PAPER.md §2)'),
  tpuV4iDieBoundMm2: sourced(400, 'mm²', 'Ten Lessons: TPUv4i die < 400 mm², 7 nm (PAPER.md §2)'),
  tpuV4iCmemShare: sourced(0.28, 'fraction of die', 'Ten Lessons: TPUv4i 128 MiB CMEM is 28% of the die (PAPER.md §2)'),
  tpuV4iCmemMiB: sourced(128, 'MiB', 'Ten Lessons: TPUv4i CMEM (PAPER.md §2)'),
  // Our reading of the "<" bounds.
  dieFractionOfBound: assumed(0.95, 'fraction', 'the published die sizes are upper bounds ("<"); we take the die as 95% of the bound so tpu-v3 stays < 700 mm²'),
};

/** 16 nm value between 45 nm and 7 nm, linear in log(energy) against log(feature size) (PAPER.md §4's advice). */
const LOG_T = Math.log(45 / 16) / Math.log(45 / 7); // 0.5557
const at16 = (e45: number, e7: number) => Math.exp((1 - LOG_T) * Math.log(e45) + LOG_T * Math.log(e7));

const AREA_SCALE = S.sramBitcellUm2At16.value / S.sramBitcellUm2At7.value; // 2.593
const FP32_MUL_16 = at16(S.fp32MulPj45.value, S.fp32MulPj7.value); // 2.078 pJ
const FP32_ADD_16 = at16(S.fp32AddPj45.value, S.fp32AddPj7.value); // 0.557 pJ
const ENERGY_SCALE = FP32_MUL_16 / S.fp32MulPj7.value; // 1.586: the 16/7 nm ratio of a multiplier
const BF16_MUL_16 = S.bf16MulPj7.value * ENERGY_SCALE; // 0.333 pJ
const SRAM8K_16 = at16(S.sram8kPj64b45.value, S.sram8kPj64b7.value); // 8.52 pJ / 64 b
const SRAM1M_16 = at16(S.sram1mPj64b45.value, S.sram1mPj64b7.value); // 33.5 pJ / 64 b
const TPU_V3_DIE = S.dieFractionOfBound.value * S.tpuV3DieBoundMm2.value; // 665 mm²
const TPU_V4I_DIE = S.dieFractionOfBound.value * S.tpuV4iDieBoundMm2.value; // 380 mm²
const MAC_AREA_16 = (S.tpuV3MxuShare.value * TPU_V3_DIE) / (S.tpuV3Mxus.value * 128 * 128); // 1.116e-3 mm²
const SRAM_MM2_PER_MIB_7 = (S.tpuV4iCmemShare.value * TPU_V4I_DIE) / S.tpuV4iCmemMiB.value; // 0.831 mm²/MiB
const CTRL_SHARE = 0.25;
const LANE_MACS = 4;
const LOGIC_W_16 = 0.2;
const UNCORE_IO_SHARE = 0.5;

// Calibrated knobs (see calibrate.ts; docs/model.md §3.4). Re-solve with solveCalibration() after changing any
// other entry; tests/unit/hardware-cost.test.ts fails when these literals drift from the solution.
const CORE_DATAPATH_16 = 0.0215071; // mm² per B/cycle of local-memory port width, 16 nm
const DYNAMIC_OVERHEAD = 0.445556; // clock tree, pipeline registers, control: × on-die dynamic power

export interface NodeCoefficients {
  macAreaMm2: Coefficient;
  vectorLaneAreaMm2: Coefficient;
  sramMm2PerMiB: Coefficient;
  coreDatapathMm2PerBytePerCycle: Coefficient;
  coreControlMm2: Coefficient;
  nocMm2PerGBps: Coefficient;
  dramControllerMm2PerChannel: Coefficient;
  uncoreMm2: Coefficient;
  macEnergyPj: Coefficient;
  vectorLaneOpEnergyPj: Coefficient;
  sramEnergyPjPerByte: Coefficient;
  wireEnergyPjPerByteMm: Coefficient;
  logicWattsPerMm2PerGhz: Coefficient;
  leakageWattsPerMm2: Coefficient;
  uncoreWatts: Coefficient;
}

export interface DramCoefficients {
  deviceEnergyPjPerBit: Coefficient;
  phyEnergyPjPerBit: Coefficient;
  /** PHY area per stack/device, mm² (analog I/O: the same at every node). */
  phyAreaMm2: Coefficient;
}

export interface CoefficientTable {
  sources: typeof S;
  node: Record<ProcessNode, NodeCoefficients>;
  dram: Record<DramTechnology, DramCoefficients>;
  chip: { dynamicOverhead: Coefficient; areaScale16to7: Coefficient; energyScale16to7: Coefficient };
}

const HBM_DEVICE = S.hbm2DevicePjPerBit.value;
const HBM_PHY_PJ = S.hbm2IoPj64b.value / 64 - HBM_DEVICE; // 1.50 pJ/bit
const GDDR6_TOTAL = S.gddr6IoPj64b.value / 64; // 6.48 pJ/bit

export const COEFFICIENTS: CoefficientTable = {
  sources: S,
  chip: {
    areaScale16to7: derived(AREA_SCALE, '× (16 nm area / 7 nm area)', 'SRAM bitcell 0.07 / 0.027 µm² (PAPER.md §4); applied to logic too (assumed: logic density is not in PAPER.md; foundries claim ~3×, so 7 nm logic is, if anything, over-sized)'),
    energyScale16to7: derived(ENERGY_SCALE, '× (16 nm energy / 7 nm energy)', 'fp32 multiply interpolated to 16 nm on log(feature size): 2.078 / 1.31 pJ (PAPER.md §4: 1.5–1.8×)'),
    dynamicOverhead: calibrated(DYNAMIC_OVERHEAD, '× on-die dynamic power', 'clock tree, pipeline registers, control and local wiring that per-operation energies leave out; solved so tpu-v3 TDP = 450 W (calibrate.ts)'),
  },
  node: {
    '16nm': {
      macAreaMm2: derived(MAC_AREA_16, 'mm² per bf16 MAC', `11% of a ${TPU_V3_DIE} mm² TPU-v3 die over 4 MXUs × 16,384 MACs (PAPER.md §2, §4: ≤ ~19 mm² per MXU)`),
      vectorLaneAreaMm2: assumed(LANE_MACS * MAC_AREA_16, 'mm² per lane', `${LANE_MACS}× a MAC: an fp32 FMA lane (TPU VPUs compute in fp32, PAPER.md §2) has a 24-bit mantissa multiplier ≈ 9× the 8-bit one of a bf16 MAC and a similar adder; its register file and load/store paths are priced with the core datapath`),
      sramMm2PerMiB: derived(SRAM_MM2_PER_MIB_7 * AREA_SCALE, 'mm²/MiB', '7 nm value × bitcell ratio 2.593 (PAPER.md §4: "scale ≈ 2.6× for 16 nm")'),
      coreDatapathMm2PerBytePerCycle: calibrated(CORE_DATAPATH_16, 'mm² per B/cycle of local-memory port', 'operand buses, vector registers, load/store, transpose/permute/reduce units: the part of a core that grows with how many bytes per cycle it moves (derived.ts localMemoryBytesPerCycle); solved so the tpu-v3 die is 665 mm² with MXUs at 11% (calibrate.ts)'),
      coreControlMm2: assumed(5, 'mm² per core', 'scalar unit, instruction memory, DMA and sync engines of one core: a small in-order control processor and its memories, a few mm² at 16 nm'),
      nocMm2PerGBps: assumed(0.02, 'mm² per GB/s', 'on-chip network from DRAM controllers and GMEM to the cores: 1 GB/s ≈ 1 B/cycle at 1 GHz = 8 wires of ~10 mm at ~0.2 µm pitch (0.016 mm²) plus router buffers'),
      dramControllerMm2PerChannel: derived(CTRL_SHARE * S.hbmPhyCtrlMm2PerChannel7.value * AREA_SCALE, 'mm² per channel', '7 nm value × 2.593 (controller logic shrinks; the PHY does not)'),
      uncoreMm2: assumed(70, 'mm² per chip', 'chip-level I/O and glue: inter-chip links (TPU-v3 has ICI SerDes), PCIe, management processor, clocking, test, pads'),
      macEnergyPj: derived(BF16_MUL_16 + FP32_ADD_16, 'pJ per MAC', 'bf16 multiply (7 nm 0.21 pJ × 1.586) + fp32 add (0.9 → 0.38 pJ interpolated: 0.557 pJ)'),
      vectorLaneOpEnergyPj: derived(FP32_MUL_16 + FP32_ADD_16 + 1.5 * SRAM8K_16, 'pJ per lane-cycle', 'fp32 multiply 2.078 + fp32 add 0.557 + three 32-bit register-file accesses at the interpolated 8 KB SRAM energy (8.52 pJ/64 b)'),
      sramEnergyPjPerByte: derived(SRAM1M_16 / 8, 'pJ/B', '1 MB SRAM 64-bit read interpolated to 16 nm (100 → 14 pJ: 33.5 pJ) ÷ 8; large scratchpads are built of ~1 MB banks (assumed)'),
      wireEnergyPjPerByteMm: assumed(0.8, 'pJ per byte per mm', '0.1 pJ/bit/mm for long on-chip wires (order of magnitude recalled from Keckler et al., IEEE Micro 2011, not verified); wire capacitance per mm barely changes with node'),
      logicWattsPerMm2PerGhz: assumed(LOGIC_W_16, 'W per mm² per GHz', 'control-dominated logic at full activity: ¼ of the MXU arithmetic\'s own density (0.055 W per 0.94 GHz per 1.1e-3 mm² ≈ 0.8 W/mm²/GHz), since such logic toggles far less per gate'),
      leakageWattsPerMm2: assumed(0.08, 'W/mm²', '16 nm FinFET at a hot junction: ~12% of TPU-v3\'s TDP over its die, within the usual 10–20% leakage share'),
      uncoreWatts: assumed(30, 'W per chip', 'inter-chip links, PCIe and management at full activity: ~5 W per high-speed link × 4–6 links'),
    },
    '7nm': {
      macAreaMm2: derived(MAC_AREA_16 / AREA_SCALE, 'mm² per bf16 MAC', '16 nm value ÷ 2.593 (area scale)'),
      vectorLaneAreaMm2: derived((LANE_MACS * MAC_AREA_16) / AREA_SCALE, 'mm² per lane', '16 nm value ÷ 2.593'),
      sramMm2PerMiB: derived(SRAM_MM2_PER_MIB_7, 'mm²/MiB', `TPUv4i: 28% of a ${TPU_V4I_DIE} mm² die for 128 MiB CMEM (PAPER.md §2; within reallm's 0.45–0.9 mm²/MiB, PAPER.md §4)`),
      coreDatapathMm2PerBytePerCycle: derived(CORE_DATAPATH_16 / AREA_SCALE, 'mm² per B/cycle', '16 nm calibrated value ÷ 2.593'),
      coreControlMm2: derived(5 / AREA_SCALE, 'mm² per core', '16 nm value ÷ 2.593'),
      nocMm2PerGBps: derived(0.02 / AREA_SCALE, 'mm² per GB/s', '16 nm value ÷ 2.593'),
      dramControllerMm2PerChannel: assumed(CTRL_SHARE * S.hbmPhyCtrlMm2PerChannel7.value, 'mm² per channel', `${CTRL_SHARE * 100}% of reallm's 1.04 mm² PHY + controller per 128-bit channel: the PHY is priced separately (LLMCompass), and a channel controller (queues, scheduler, refresh) is the smaller part`),
      uncoreMm2: derived(70 * (UNCORE_IO_SHARE + (1 - UNCORE_IO_SHARE) / AREA_SCALE), 'mm² per chip', `16 nm value with half of it (SerDes/PCIe I/O, assumed) not shrinking and half ÷ 2.593`),
      macEnergyPj: derived(S.bf16MulPj7.value + S.fp32AddPj7.value, 'pJ per MAC', 'bf16 multiply 0.21 + fp32 accumulate 0.38 (Ten Lessons Table 2)'),
      vectorLaneOpEnergyPj: derived(S.fp32MulPj7.value + S.fp32AddPj7.value + 1.5 * S.sram8kPj64b7.value, 'pJ per lane-cycle', 'fp32 multiply 1.31 + add 0.38 + three 32-bit register-file accesses at the 8 KB SRAM energy (7.5 pJ/64 b)'),
      sramEnergyPjPerByte: derived(S.sram1mPj64b7.value / 8, 'pJ/B', '1 MB SRAM 64-bit read 14 pJ ÷ 8 (Ten Lessons Table 2)'),
      wireEnergyPjPerByteMm: assumed(0.8, 'pJ per byte per mm', 'as 16 nm: wire energy per mm barely scales with node'),
      logicWattsPerMm2PerGhz: derived((LOGIC_W_16 * AREA_SCALE) / ENERGY_SCALE, 'W per mm² per GHz', '16 nm value × 2.593 (density) ÷ 1.586 (energy per operation)'),
      leakageWattsPerMm2: assumed(0.12, 'W/mm²', '1.5× the 16 nm density: 2.6× more devices per mm², each leaking less'),
      uncoreWatts: assumed(30, 'W per chip', 'as 16 nm: high-speed I/O power is set by link rates more than by node'),
    },
  },
  dram: {
    hbm2: {
      deviceEnergyPjPerBit: sourced(HBM_DEVICE, 'pJ/bit', 'O\'Connor et al., MICRO 2017 (PAPER.md §4)'),
      phyEnergyPjPerBit: derived(HBM_PHY_PJ, 'pJ/bit', 'HBM2 access 350 pJ/64 b (Ten Lessons midpoint) = 5.47 pJ/bit, minus the 3.97 pJ/bit device'),
      phyAreaMm2: assumed(S.hbmPhyMm2.value, 'mm² per stack', 'LLMCompass\'s HBM2e PHY (10.45 mm²), taken for HBM2: same 1024-bit interface'),
    },
    hbm2e: {
      deviceEnergyPjPerBit: assumed(HBM_DEVICE, 'pJ/bit', 'as HBM2 (3.97 pJ/bit): PAPER.md has no HBM2E figure, and HBM2E is the same DRAM core at a higher rate'),
      phyEnergyPjPerBit: assumed(HBM_PHY_PJ, 'pJ/bit', 'as HBM2 (1.50 pJ/bit): the same 1024-bit interposer interface at a higher rate'),
      phyAreaMm2: sourced(S.hbmPhyMm2.value, 'mm² per stack', 'LLMCompass: HBM2e PHY 10.45 mm² (PAPER.md §4)'),
    },
    hbm3: {
      deviceEnergyPjPerBit: assumed(HBM_DEVICE, 'pJ/bit', 'as HBM2 (no HBM3 figure in PAPER.md; likely somewhat lower, so HBM3 designs are priced conservatively)'),
      phyEnergyPjPerBit: assumed(HBM_PHY_PJ, 'pJ/bit', 'as HBM2 (1.50 pJ/bit): no HBM3 PHY figure in PAPER.md; same interposer wiring'),
      phyAreaMm2: assumed(S.hbmPhyMm2.value, 'mm² per stack', 'as HBM2e (LLMCompass 10.45 mm²): the same 1024-bit interface'),
    },
    gddr6: {
      deviceEnergyPjPerBit: assumed(GDDR6_TOTAL / 2, 'pJ/bit', 'half of GDDR6 access 415 pJ/64 b (Ten Lessons midpoint, 6.48 pJ/bit): board traces at 12–16 Gb/s make I/O about half'),
      phyEnergyPjPerBit: assumed(GDDR6_TOTAL / 2, 'pJ/bit', 'the other half of GDDR6\'s 6.48 pJ/bit access energy (see the device entry)'),
      phyAreaMm2: assumed(3.5, 'mm² per x32 device', '≈ 0.11 mm² per pin: ~10× an HBM pin\'s area (10.45 mm²/1024) for ~7× its rate with equalisation'),
    },
    lpddr5: {
      deviceEnergyPjPerBit: assumed(HBM_DEVICE, 'pJ/bit', 'as HBM2: LPDDR5 is not in PAPER.md; its low-swing I/O over short package traces is usually quoted near HBM per bit'),
      phyEnergyPjPerBit: assumed(HBM_PHY_PJ, 'pJ/bit', 'as HBM2 (1.50 pJ/bit): low-swing LPDDR5 I/O over short package traces'),
      phyAreaMm2: assumed(1.5, 'mm² per x32 device', '≈ 0.05 mm² per pin: between an HBM pin and a GDDR6 pin, at 6.4 Gb/s'),
    },
  },
};

/** Every coefficient with its dotted path, for docs and tests. */
export function listCoefficients(table: CoefficientTable = COEFFICIENTS): { path: string; coefficient: Coefficient }[] {
  const out: { path: string; coefficient: Coefficient }[] = [];
  const walk = (o: unknown, path: string) => {
    if (o && typeof o === 'object' && 'basis' in o && 'value' in o) { out.push({ path, coefficient: o as Coefficient }); return; }
    for (const [k, v] of Object.entries(o as object)) walk(v, path ? `${path}.${k}` : k);
  };
  walk(table, '');
  return out;
}
