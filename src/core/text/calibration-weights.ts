// Written by scripts/fit-drift.ts: the drift calibration's weights, in the order of CALIBRATION_FEATURES.
// Fitted on 586 labelled pairs of the tuning and development halves.
export const CALIBRATION_WEIGHTS: readonly number[] = [
  -2.4580, // bias
  1.3232, // evidence
  1.5220, // evidence × order kept
  1.1595, // order kept
  1.5191, // plain change
  1.1552, // plain change × order kept
  0.9652, // change read from wording
  1.0098, // change read from wording × order kept
  -0.4612, // wording reason
  0.5695, // wording reason × order kept
  0.2357, // content words shared
  1.0004, // likeness of words swapped
];
