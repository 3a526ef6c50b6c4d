// Written by scripts/fit-drift.ts: the drift calibration's weights, in the order of CALIBRATION_FEATURES.
// Fitted on 586 labelled pairs of the tuning and development halves.
export const CALIBRATION_WEIGHTS: readonly number[] = [
  -2.3911, // bias
  1.2876, // evidence
  1.5121, // evidence × order kept
  1.1670, // order kept
  1.4008, // plain change
  1.1117, // plain change × order kept
  0.9669, // change read from wording
  1.0044, // change read from wording × order kept
  -0.5151, // wording reason
  0.5334, // wording reason × order kept
  0.2047, // content words shared
  1.0451, // likeness of words swapped
];
