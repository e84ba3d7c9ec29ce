// The search module's one export surface: spaces, strategies, objective and constraints, evaluation, Pareto
// fronts and the study (spec, runner, results, checkpoints, pool scorer). docs/model.md §6.
export * from './rng';
export * from './space';
export * from './strategy';
export * from './objective';
export { RandomSearch } from './random';
export { RegularizedEvolution, type EvolutionOptions } from './evolution';
export { BayesianOptimization, type BoOptions } from './bo';
export { LinearCombinationSwarm, type SwarmOptions } from './swarm';
export * from './pareto';
export * from './study-spec';
export * from './study-result';
export * from './checkpoint';
export * from './study';
export * from './pool-scorer';
export {
  TrialEvaluator, realmEvaluator, inProcessScorer, fnv1a,
  type EvaluateTrialsRequest, type TrialEvaluation, type WorkloadEvaluation,
} from './evaluate';
