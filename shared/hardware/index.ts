// The hardware module's one export surface: the parameter table (with its roles, groups, value names, display
// digits and the one reader of a value from text) and the HardwareSpec type derived from it, presets, the schema,
// derived quantities, and area/TDP from the coefficient table. docs/model.md §3.
export {
  PARAMS, PARAM_IDS, PARAM_GROUPS, DEFAULT_HARDWARE, DRAM_INTERFACES, BATCH_RANGE, paramById, effectiveDomain,
  describeDomain, inDomain, domainValues, linearGrid, dramGBpsRange, dramGiBChoices, nearestDramGiB, DRAM_TECH_PARAMS, isDramTechParam,
  valueLabel, isBatch, parseParamValue, outOfDomainMessage, showValue,
  type HardwareSpec, type Param, type ParamId, type ParamDef, type ParamGroup, type ParamRole, type Domain, type Dataflow,
  type DramTechnology, type ProcessNode, type TdpClass, type DramInterface, type ParsedParamValue, type DramTechParam,
} from './params';
export {
  PRESETS, PRESET_INFO, PRESET_NAMES, PRESET_ALIASES, presetNames, isPresetName, resolvePresetName, type PresetName, type PresetInfo,
} from './presets';
export {
  parseHardwareSpec, validateHardwareSpec, hardwareFromPreset, crossFieldIssues, HardwareSpecSchema,
  HardwareFieldsSchema, type HardwareIssue, type HardwareValidation,
} from './schema';
export {
  BYTES_PER_MIB, BYTES_PER_GIB, dramCapacityBytes, OPERAND_BYTES, ACCUMULATOR_BYTES, clockHz, dramBytesPerSecond, dramBytesPerCycle, peakMacsPerCycle,
  peakFlopsPerSecond, localMemoryBytes, globalMemoryBytes, globalMemoryBytesPerSecond,
  localMemoryBytesPerCycle, arrayPortBytesPerCycle, vectorPortBytesPerCycle, minLocalMemoryBytes,
} from './derived';
export {
  fitFamily, fitKnobs, familyMembers, withKnobs, refittedCoefficients, coefficientsWith, checkAssumedOverrides,
  type FamilyFit, type FamilyMember,
} from './calibrate';
export {
  COEFFICIENTS, ASSUMPTIONS, ASSUMED_VALUES, FITTED_KNOBS, buildCoefficients, listCoefficients, voltageRatio,
  type Coefficient, type CoefficientTable, type Basis, type Assumption, type AssumptionKey, type AssumedValues, type Knobs,
} from './coefficients';
export {
  hardwareCost, dramBackgroundWatts, macArrayAreaShare, globalMemoryAreaShare, COST_COMPONENTS, COMPONENT_LABELS, FIXED_COMPONENTS,
  type CostComponent, type CostLine, type HardwareCostResult,
} from './cost';
export {
  energyOf, activityOf, ENERGY_COMPONENTS, ENERGY_LABELS, type Activity, type EnergyComponent, type EnergyReport,
} from './energy';
