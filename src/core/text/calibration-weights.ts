// Written by scripts/fit-drift.ts: the drift calibration's weights, in the order of CALIBRATION_FEATURES.
// Fitted on 586 labelled pairs of the tuning and development halves.
export const CALIBRATION_WEIGHTS: readonly number[] = [
  -2.3671, // bias
  1.4124, // evidence
  1.6104, // evidence × order kept
  1.1978, // order kept
  1.4138, // plain change
  1.1409, // plain change × order kept
  1.0342, // change read from wording
  1.0433, // change read from wording × order kept
  -0.4549, // wording reason
  0.5693, // wording reason × order kept
  0.2165, // content words shared
];
