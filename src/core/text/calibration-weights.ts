// Written by scripts/fit-drift.ts: the drift calibration's weights, in the order of CALIBRATION_FEATURES.
// Fitted on 582 labelled pairs of the tuning and development halves.
export const CALIBRATION_WEIGHTS: readonly number[] = [
  -2.5041, // bias
  1.4045, // evidence
  1.5728, // evidence × order kept
  1.1534, // order kept
  1.5702, // plain change
  1.1856, // plain change × order kept
  0.9760, // change read from wording
  0.9962, // change read from wording × order kept
  -0.4663, // wording reason
  0.5905, // wording reason × order kept
  0.3007, // content words shared
  0.9214, // likeness of words swapped
];
