// THE coefficient table for area and power (docs/model.md §3.4). Every number is a Coefficient that says where it comes
// from: 'sourced' (a published number, docs/sources.md §4 unless named), 'derived' (arithmetic on other entries, shown
// in code and in `source`), 'assumed' (our estimate, with the reasoning) or 'calibrated' (solved so that the
// tpu-v3 preset lands on its public die size and TDP; calibrate.ts re-solves it and a test checks the literal).
// cost.ts reads only this table. docs/model.md §3.4 lists every entry.
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
  // TPU-v3 and TPUv4i (docs/sources.md §2.2, §2.3).
  tpuV3DieBoundMm2: sourced(700, 'mm²', 'Ten Lessons: TPU-v3 die < 700 mm², 16 nm (docs/sources.md §2.2; recalled, not verified)'),
  tpuV3MxuShare: sourced(0.11, 'fraction of die', 'Ten Lessons: TPU-v3 MXUs are 11% of the die (docs/sources.md §2.2)'),
  tpuV3Mxus: sourced(4, 'MXUs of 128×128', 'Cloud TPU docs: 2 cores × 2 MXUs (docs/sources.md §2.2)'),
  tpuV3TdpW: sourced(450, 'W', 'Ten Lessons; Cloud TPU docs: TPU-v3 TDP (docs/sources.md §2.2)'),
  tpuV3MeasuredMaxW: sourced(262, 'W', 'Ten Lessons; Cloud TPU docs: TPU-v3 measured power 123 / 220 / 262 W min / mean / max (docs/sources.md §2.2)'),
  tpuV3VectorAlusPerLane: sourced(2, 'fp32 ALUs per lane', 'Hot Chips 2020 (Norrie & Patil): 128 lanes × 8 sublanes = 1,024 lanes per core with ≈ 1–2 k fp32 ALUs (docs/sources.md §2.2); we take the upper end, 2 per lane'),
  tpuV4iDieBoundMm2: sourced(400, 'mm²', 'Ten Lessons: TPUv4i die < 400 mm², 7 nm (docs/sources.md §2.3)'),
  tpuV4iCmemShare: sourced(0.28, 'fraction of die', 'Ten Lessons: TPUv4i 128 MiB CMEM is 28% of the die (docs/sources.md §2.3)'),
  tpuV4iCmemMiB: sourced(128, 'MiB', 'Ten Lessons: TPUv4i CMEM (docs/sources.md §2.3)'),
  // Our reading of the "<" bounds.
  dieFractionOfBound: assumed(0.95, 'fraction', 'the published die sizes are upper bounds ("<"); we take the die as 95% of the bound so tpu-v3 stays < 700 mm²'),
  // What a vector lane is made of (docs/model.md §3.4). A lane = one bf16 FMA per cycle of the `vectorLanesPerCore` parameter.
  fmaAluMacEquivalents: assumed(4, 'bf16 MACs of area per fp32 FMA ALU', 'an fp32 FMA\'s 24-bit mantissa multiplier has ~9× the partial products of a bf16 MAC\'s 8-bit one, its adder is the same fp32 class as the MAC\'s accumulator, and a MAC\'s weight latches and pipeline registers (a large part of it) are not multiplied: ≈ 4 MACs'),
  vectorRegisterBitsPerLane: assumed(32 * 32, 'bits per lane', '32 vector registers × 32 bits per lane (TPU-v2/v3 vregs are 8 sublanes × 128 lanes × 32 bits; 32 of them as presented at Hot Chips 2020 — recalled from public summaries, not verified)'),
  registerBitUm2At16: assumed(4, 'µm² per register-file bit, 16 nm', 'a latch or flop bit with the read/write-port muxes of a ~4-read/2-write register file ≈ 4 µm² at 16 nm, ~57× the 0.07 µm² high-density 6T bitcell (typical of flop-based register files)'),
  laneSharedMacEquivalents: assumed(4, 'bf16 MACs of area per lane', 'each lane\'s share of the units every lane uses but no lane owns: cross-lane transpose/permute/reduce, transcendental functions, the load/store path to local memory and the push/pop path to the arrays; taken equal to one more fp32 ALU'),
  // Operand delivery from local memory / vector registers to the arrays (docs/model.md §3.4).
  deliveryMmAt16: assumed(5, 'mm', 'average route from local memory and the vector registers to an array\'s edge inside one TensorCore: a TPU-v3 core is ~half of a 665 mm² die, ~18 mm on a side; a third of that'),
  wirePitchUm: assumed(0.2, 'µm per wire', 'effective pitch of a wide on-chip bus on intermediate/semi-global metal, including repeaters and shielding (16 nm intermediate metals are ~0.08–0.1 µm; semi-global ~0.2 µm)'),
  deliveryStagingBytes: assumed(16, 'bytes per byte-lane of array port', 'skew/deskew FIFOs at the array inputs and the result staging buffer at its outputs: ~16 entries deep, built of latches at half a register bit\'s area'),
};

/** 16 nm value between 45 nm and 7 nm, linear in log(energy) against log(feature size) (docs/sources.md §4.2's advice). */
const LOG_T = Math.log(45 / 16) / Math.log(45 / 7); // 0.5557
const at16 = (e45: number, e7: number) => Math.exp((1 - LOG_T) * Math.log(e45) + LOG_T * Math.log(e7));

const AREA_SCALE = S.sramBitcellUm2At16.value / S.sramBitcellUm2At7.value; // 2.593
const LENGTH_SCALE = Math.sqrt(AREA_SCALE); // 1.610: wire lengths across a block shrink as √area
const FP32_MUL_16 = at16(S.fp32MulPj45.value, S.fp32MulPj7.value); // 2.078 pJ
const FP32_ADD_16 = at16(S.fp32AddPj45.value, S.fp32AddPj7.value); // 0.557 pJ
const ENERGY_SCALE = FP32_MUL_16 / S.fp32MulPj7.value; // 1.586: the 16/7 nm ratio of a multiplier
const BF16_MUL_16 = S.bf16MulPj7.value * ENERGY_SCALE; // 0.333 pJ
const SRAM8K_16 = at16(S.sram8kPj64b45.value, S.sram8kPj64b7.value); // 8.52 pJ / 64 b
const SRAM32K_16 = at16(S.sram32kPj64b45.value, S.sram32kPj64b7.value); // 12.4 pJ / 64 b
const SRAM1M_16 = at16(S.sram1mPj64b45.value, S.sram1mPj64b7.value); // 33.5 pJ / 64 b
const TPU_V3_DIE = S.dieFractionOfBound.value * S.tpuV3DieBoundMm2.value; // 665 mm²
const TPU_V4I_DIE = S.dieFractionOfBound.value * S.tpuV4iDieBoundMm2.value; // 380 mm²
const MAC_AREA_16 = (S.tpuV3MxuShare.value * TPU_V3_DIE) / (S.tpuV3Mxus.value * 128 * 128); // 1.116e-3 mm²
const SRAM_MM2_PER_MIB_7 = (S.tpuV4iCmemShare.value * TPU_V4I_DIE) / S.tpuV4iCmemMiB.value; // 0.831 mm²/MiB
const LANE_MAC_EQ = S.tpuV3VectorAlusPerLane.value * S.fmaAluMacEquivalents.value + S.laneSharedMacEquivalents.value; // 12
const LANE_RF_MM2_16 = (S.vectorRegisterBitsPerLane.value * S.registerBitUm2At16.value) / 1e6; // 4.10e-3 mm²
const LANE_AREA_16 = LANE_MAC_EQ * MAC_AREA_16 + LANE_RF_MM2_16; // 0.01749 mm² ≈ 15.7 MACs
const DELIVERY_MM2_16 = // per B/cycle of array port: 8 wires × 5 mm × 0.2 µm + 16 B × 8 bit × 2 µm²
  (8 * S.deliveryMmAt16.value * S.wirePitchUm.value) / 1e3
  + (S.deliveryStagingBytes.value * 8 * (S.registerBitUm2At16.value / 2)) / 1e6; // 8.26e-3 mm²
const CTRL_SHARE = 0.25;
const CORE_CONTROL_16 = 12;
const LOGIC_W_16 = 0.2;
const UNCORE_MM2_16 = 120;
const UNCORE_W_16 = 40;
const UNCORE_IO_SHARE = 0.5;
const WIRE_PJ = 0.8;

const DYNAMIC_OVERHEAD = 0.4;

// Calibrated knobs (see calibrate.ts; docs/model.md §3.5). Re-solve with solveCalibration() after changing any
// other entry; tests/unit/hardware-cost.test.ts fails when these literals drift from the solution.
const UNATTRIBUTED_16 = 227.880233; // mm² per chip at 16 nm: the part of TPU-v3's die no modelled block explains
const TDP_HEADROOM = 0.383301; // TDP = (1 + this) × peak power

export interface NodeCoefficients {
  macAreaMm2: Coefficient;
  vectorLaneAreaMm2: Coefficient;
  deliveryMm2PerBytePerCycle: Coefficient;
  sramMm2PerMiB: Coefficient;
  coreControlMm2: Coefficient;
  nocMm2PerGBps: Coefficient;
  dramControllerMm2PerChannel: Coefficient;
  uncoreMm2: Coefficient;
  unattributedMm2: Coefficient;
  macEnergyPj: Coefficient;
  vectorLaneOpEnergyPj: Coefficient;
  localSramEnergyPjPerByte: Coefficient;
  sramEnergyPjPerByte: Coefficient;
  wireEnergyPjPerByteMm: Coefficient;
  deliveryDistanceMm: Coefficient;
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
  chip: { dynamicOverhead: Coefficient; tdpHeadroom: Coefficient; areaScale16to7: Coefficient; energyScale16to7: Coefficient };
}

const HBM_DEVICE = S.hbm2DevicePjPerBit.value;
const HBM_PHY_PJ = S.hbm2IoPj64b.value / 64 - HBM_DEVICE; // 1.50 pJ/bit
const GDDR6_TOTAL = S.gddr6IoPj64b.value / 64; // 6.48 pJ/bit

const UNCORE_REASON = 'fixed per chip, whatever the design: inter-chip links (TPU-v3 ICI: 4 links, ~40 mm² of SerDes and link layer), the ICI router and its buffers (~25), PCIe Gen3 x16 PHY and controller (~12), host queues and chip-level DMA (~13), management processor, PLLs, thermal sensors, fuses, test and debug (~15), bump/ESD and seal-ring keep-outs (~15)';
const UNCORE_W_REASON = 'fixed per chip: ICI SerDes at ~5–10 pJ/bit over ~2.6 Tb/s (15–25 W), router and link buffers (5–10 W), PCIe (3–5 W), DMA, management and PLLs (~5 W)';
const LANE_REASON = `${S.tpuV3VectorAlusPerLane.value} fp32 FMA ALUs × ${S.fmaAluMacEquivalents.value} MACs + ${S.laneSharedMacEquivalents.value} MACs of shared cross-lane/transcendental/load-store units (= ${LANE_MAC_EQ} × the MAC area) + a ${S.vectorRegisterBitsPerLane.value}-bit register-file slice at ${S.registerBitUm2At16.value} µm²/bit; ≈ ${(LANE_AREA_16 / MAC_AREA_16).toFixed(1)} MAC-equivalents (sources entries fmaAluMacEquivalents … laneSharedMacEquivalents)`;

export const COEFFICIENTS: CoefficientTable = {
  sources: S,
  chip: {
    areaScale16to7: derived(AREA_SCALE, '× (16 nm area / 7 nm area)', 'SRAM bitcell 0.07 / 0.027 µm² (docs/sources.md §4.3); applied to logic too (assumed: no public logic density is in our sources; foundries claim ~3×, so 7 nm logic is, if anything, over-sized)'),
    energyScale16to7: derived(ENERGY_SCALE, '× (16 nm energy / 7 nm energy)', 'fp32 multiply interpolated to 16 nm on log(feature size): 2.078 / 1.31 pJ (docs/sources.md §4.2: 1.5–1.8×)'),
    dynamicOverhead: assumed(DYNAMIC_OVERHEAD, '× on-die dynamic power', 'clock distribution, pipeline and staging registers and control that per-operation energies leave out: typically 30–50% of a synchronous datapath\'s dynamic power (order of magnitude recalled, not verified); 0.4'),
    tdpHeadroom: calibrated(TDP_HEADROOM, '× peak power', 'a TDP rating is a cooling and power-delivery envelope above the peak the chip can draw (TPU-v3: 450 W rated, 262 W measured maximum, docs/sources.md §2.2); solved so tpu-v3 TDP = 450 W (calibrate.ts). One factor on every watt, so it cancels in Perf/TDP relative to tpu-v3'),
  },
  node: {
    '16nm': {
      macAreaMm2: derived(MAC_AREA_16, 'mm² per bf16 MAC', `11% of a ${TPU_V3_DIE} mm² TPU-v3 die over 4 MXUs × 16,384 MACs (docs/sources.md §2.2, §4.4: ≤ ~19 mm² per MXU)`),
      vectorLaneAreaMm2: derived(LANE_AREA_16, 'mm² per lane', LANE_REASON),
      deliveryMm2PerBytePerCycle: derived(DELIVERY_MM2_16, 'mm² per B/cycle of array port', `8 wires × ${S.deliveryMmAt16.value} mm × ${S.wirePitchUm.value} µm pitch + ${S.deliveryStagingBytes.value} B of staging latches at ${S.registerBitUm2At16.value / 2} µm²/bit; a 128×128 array's 1,024 B/cycle port → ${(DELIVERY_MM2_16 * 1024).toFixed(1)} mm² (sources entries deliveryMmAt16, wirePitchUm, deliveryStagingBytes)`),
      sramMm2PerMiB: derived(SRAM_MM2_PER_MIB_7 * AREA_SCALE, 'mm²/MiB', '7 nm value × bitcell ratio 2.593 (docs/sources.md §4.3: "scale ≈ 2.6× for 16 nm")'),
      coreControlMm2: assumed(CORE_CONTROL_16, 'mm² per core', 'per-core fixed logic: scalar unit (2 ALUs, 32 registers, 16 KiB scalar memory), VLIW sequencer and instruction memory, DMA and sync engines of one TensorCore — a small in-order processor with its memories'),
      nocMm2PerGBps: assumed(0.02, 'mm² per GB/s', 'on-chip network from DRAM controllers and GMEM to the cores: 1 GB/s ≈ 1 B/cycle at 1 GHz = 8 wires of ~10 mm at ~0.2 µm pitch (0.016 mm²) plus router buffers'),
      dramControllerMm2PerChannel: derived(CTRL_SHARE * S.hbmPhyCtrlMm2PerChannel7.value * AREA_SCALE, 'mm² per channel', '7 nm value × 2.593 (controller logic shrinks; the PHY does not)'),
      uncoreMm2: assumed(UNCORE_MM2_16, 'mm² per chip', UNCORE_REASON),
      unattributedMm2: calibrated(UNATTRIBUTED_16, 'mm² per chip', 'the part of TPU-v3\'s die that no modelled block explains (unitemized control, routing channels, power grid, clock spine, DFT); booked as fixed per chip so every marginal cost is its block\'s own; solved so the tpu-v3 die is 665 mm² with its MXUs at 11% (calibrate.ts)'),
      macEnergyPj: derived(BF16_MUL_16 + FP32_ADD_16, 'pJ per MAC', 'bf16 multiply (7 nm 0.21 pJ × 1.586) + fp32 add (0.9 → 0.38 pJ interpolated: 0.557 pJ)'),
      vectorLaneOpEnergyPj: derived(FP32_MUL_16 + FP32_ADD_16 + 1.5 * SRAM8K_16, 'pJ per lane-cycle', 'fp32 multiply 2.078 + fp32 add 0.557 + three 32-bit register-file accesses at the interpolated 8 KB SRAM energy (8.52 pJ/64 b; an upper bound for a 128-byte register slice)'),
      localSramEnergyPjPerByte: derived(SRAM32K_16 / 8, 'pJ/B', '32 KB SRAM 64-bit read interpolated to 16 nm (20 → 8.5 pJ: 12.4 pJ) ÷ 8: local memory is split into small banks next to their consumers to deliver its port width (TPU-v3: 16 MiB over 1,024 lanes = 16 KiB per lane; assumed)'),
      sramEnergyPjPerByte: derived(SRAM1M_16 / 8, 'pJ/B', '1 MB SRAM 64-bit read interpolated to 16 nm (100 → 14 pJ: 33.5 pJ) ÷ 8; a global memory is built of ~1 MB banks (assumed)'),
      wireEnergyPjPerByteMm: assumed(WIRE_PJ, 'pJ per byte per mm', '0.1 pJ/bit/mm for long on-chip wires (order of magnitude recalled from Keckler et al., IEEE Micro 2011, not verified); wire capacitance per mm barely changes with node'),
      deliveryDistanceMm: derived(S.deliveryMmAt16.value, 'mm', 'sources entry deliveryMmAt16: how far array operands travel from local memory'),
      logicWattsPerMm2PerGhz: assumed(LOGIC_W_16, 'W per mm² per GHz', 'control-dominated logic at full activity: ¼ of the MXU arithmetic\'s own density (0.055 W per 0.94 GHz per 1.1e-3 mm² ≈ 0.8 W/mm²/GHz), since such logic toggles far less per gate'),
      leakageWattsPerMm2: assumed(0.08, 'W/mm²', '16 nm FinFET at a hot junction: ~12% of TPU-v3\'s TDP over its die, within the usual 10–20% leakage share'),
      uncoreWatts: assumed(UNCORE_W_16, 'W per chip', UNCORE_W_REASON),
    },
    '7nm': {
      macAreaMm2: derived(MAC_AREA_16 / AREA_SCALE, 'mm² per bf16 MAC', '16 nm value ÷ 2.593 (area scale)'),
      vectorLaneAreaMm2: derived(LANE_AREA_16 / AREA_SCALE, 'mm² per lane', '16 nm value ÷ 2.593'),
      deliveryMm2PerBytePerCycle: derived(DELIVERY_MM2_16 / AREA_SCALE, 'mm² per B/cycle of array port', '16 nm value ÷ 2.593 (wires shorter by √2.593 and at a pitch narrower by about as much)'),
      sramMm2PerMiB: derived(SRAM_MM2_PER_MIB_7, 'mm²/MiB', `TPUv4i: 28% of a ${TPU_V4I_DIE} mm² die for 128 MiB CMEM (docs/sources.md §2.3; within reallm's 0.45–0.9 mm²/MiB, docs/sources.md §4.3)`),
      coreControlMm2: derived(CORE_CONTROL_16 / AREA_SCALE, 'mm² per core', '16 nm value ÷ 2.593'),
      nocMm2PerGBps: derived(0.02 / AREA_SCALE, 'mm² per GB/s', '16 nm value ÷ 2.593'),
      dramControllerMm2PerChannel: assumed(CTRL_SHARE * S.hbmPhyCtrlMm2PerChannel7.value, 'mm² per channel', `${CTRL_SHARE * 100}% of reallm's 1.04 mm² PHY + controller per 128-bit channel: the PHY is priced separately (LLMCompass), and a channel controller (queues, scheduler, refresh) is the smaller part`),
      uncoreMm2: derived(UNCORE_MM2_16 * (UNCORE_IO_SHARE + (1 - UNCORE_IO_SHARE) / AREA_SCALE), 'mm² per chip', '16 nm value with half of it (SerDes/PCIe PHYs, bumps and keep-outs, assumed) not shrinking and half ÷ 2.593'),
      unattributedMm2: derived(UNATTRIBUTED_16 / AREA_SCALE, 'mm² per chip', '16 nm calibrated value ÷ 2.593: on-die logic and wiring, not I/O (the I/O is in the uncore)'),
      macEnergyPj: derived(S.bf16MulPj7.value + S.fp32AddPj7.value, 'pJ per MAC', 'bf16 multiply 0.21 + fp32 accumulate 0.38 (Ten Lessons Table 2)'),
      vectorLaneOpEnergyPj: derived(S.fp32MulPj7.value + S.fp32AddPj7.value + 1.5 * S.sram8kPj64b7.value, 'pJ per lane-cycle', 'fp32 multiply 1.31 + add 0.38 + three 32-bit register-file accesses at the 8 KB SRAM energy (7.5 pJ/64 b)'),
      localSramEnergyPjPerByte: derived(S.sram32kPj64b7.value / 8, 'pJ/B', '32 KB SRAM 64-bit read 8.5 pJ ÷ 8 (Ten Lessons Table 2): small banks, as at 16 nm'),
      sramEnergyPjPerByte: derived(S.sram1mPj64b7.value / 8, 'pJ/B', '1 MB SRAM 64-bit read 14 pJ ÷ 8 (Ten Lessons Table 2)'),
      wireEnergyPjPerByteMm: assumed(WIRE_PJ, 'pJ per byte per mm', 'as 16 nm: wire energy per mm barely scales with node'),
      deliveryDistanceMm: derived(S.deliveryMmAt16.value / LENGTH_SCALE, 'mm', '16 nm distance ÷ √2.593: the core is 2.593× smaller in area'),
      logicWattsPerMm2PerGhz: derived((LOGIC_W_16 * AREA_SCALE) / ENERGY_SCALE, 'W per mm² per GHz', '16 nm value × 2.593 (density) ÷ 1.586 (energy per operation)'),
      leakageWattsPerMm2: assumed(0.12, 'W/mm²', '1.5× the 16 nm density: 2.6× more devices per mm², each leaking less'),
      uncoreWatts: derived(UNCORE_W_16 * (UNCORE_IO_SHARE + (1 - UNCORE_IO_SHARE) / ENERGY_SCALE), 'W per chip', '16 nm value with half of it (SerDes/PCIe I/O, set by link rates) unchanged and half ÷ 1.586 (logic energy scale)'),
    },
  },
  dram: {
    hbm2: {
      deviceEnergyPjPerBit: sourced(HBM_DEVICE, 'pJ/bit', 'O\'Connor et al., MICRO 2017 (docs/sources.md §4.2)'),
      phyEnergyPjPerBit: derived(HBM_PHY_PJ, 'pJ/bit', 'HBM2 access 350 pJ/64 b (Ten Lessons midpoint) = 5.47 pJ/bit, minus the 3.97 pJ/bit device'),
      phyAreaMm2: assumed(S.hbmPhyMm2.value, 'mm² per stack', 'LLMCompass\'s HBM2e PHY (10.45 mm²), taken for HBM2: same 1024-bit interface'),
    },
    hbm2e: {
      deviceEnergyPjPerBit: assumed(HBM_DEVICE, 'pJ/bit', 'as HBM2 (3.97 pJ/bit): docs/sources.md §4.2 has no HBM2E figure, and HBM2E is the same DRAM core at a higher rate'),
      phyEnergyPjPerBit: assumed(HBM_PHY_PJ, 'pJ/bit', 'as HBM2 (1.50 pJ/bit): the same 1024-bit interposer interface at a higher rate'),
      phyAreaMm2: sourced(S.hbmPhyMm2.value, 'mm² per stack', 'LLMCompass: HBM2e PHY 10.45 mm² (docs/sources.md §4.5)'),
    },
    hbm3: {
      deviceEnergyPjPerBit: assumed(HBM_DEVICE, 'pJ/bit', 'as HBM2 (no HBM3 figure in docs/sources.md §4.2; likely somewhat lower, so HBM3 designs are priced conservatively)'),
      phyEnergyPjPerBit: assumed(HBM_PHY_PJ, 'pJ/bit', 'as HBM2 (1.50 pJ/bit): no HBM3 PHY figure in docs/sources.md §4.5; same interposer wiring'),
      phyAreaMm2: assumed(S.hbmPhyMm2.value, 'mm² per stack', 'as HBM2e (LLMCompass 10.45 mm²): the same 1024-bit interface'),
    },
    gddr6: {
      deviceEnergyPjPerBit: assumed(GDDR6_TOTAL / 2, 'pJ/bit', 'half of GDDR6 access 415 pJ/64 b (Ten Lessons midpoint, 6.48 pJ/bit): board traces at 12–16 Gb/s make I/O about half'),
      phyEnergyPjPerBit: assumed(GDDR6_TOTAL / 2, 'pJ/bit', 'the other half of GDDR6\'s 6.48 pJ/bit access energy (see the device entry)'),
      phyAreaMm2: assumed(3.5, 'mm² per x32 device', '≈ 0.11 mm² per pin: ~10× an HBM pin\'s area (10.45 mm²/1024) for ~7× its rate with equalisation'),
    },
    lpddr5: {
      deviceEnergyPjPerBit: assumed(HBM_DEVICE, 'pJ/bit', 'as HBM2: LPDDR5 is not in docs/sources.md §4.2; its low-swing I/O over short package traces is usually quoted near HBM per bit'),
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
