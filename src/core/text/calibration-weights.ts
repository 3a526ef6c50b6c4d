// Written by scripts/fit-drift.ts: the drift calibration's weights, in the order of CALIBRATION_FEATURES.
// Fitted on 702 labelled pairs of the tuning and development halves.
export const CALIBRATION_WEIGHTS: readonly number[] = [
  -2.5286, // bias
  1.2941, // evidence
  1.5960, // evidence × order kept
  1.2279, // order kept
  1.3927, // plain change
  1.2147, // plain change × order kept
  0.7997, // change read from wording
  1.0023, // change read from wording × order kept
  -0.4977, // wording reason
  0.5236, // wording reason × order kept
  0.3019, // content words shared
  0.8868, // likeness of words swapped
];
