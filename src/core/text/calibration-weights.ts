// Written by scripts/fit-drift.ts: the drift calibration's weights, in the order of CALIBRATION_FEATURES.
// Fitted on 810 labelled pairs of the tuning and development halves.
export const CALIBRATION_WEIGHTS: readonly number[] = [
  -2.4830, // bias
  1.2527, // evidence
  1.5714, // evidence × order kept
  1.2472, // order kept
  1.3355, // plain change
  1.1811, // plain change × order kept
  0.7995, // change read from wording
  1.0013, // change read from wording × order kept
  -0.6001, // wording reason
  0.5120, // wording reason × order kept
  0.3695, // content words shared
  0.9369, // likeness of words swapped
];
