// The one list of tfjs-core specs not run on 'simdnn', each with its reason. A spec is excluded when
// its full name contains `spec`. Goal: empty; at most 1% of the suite (~42 of 4,227 specs).
export interface Exclusion {
  spec: string;
  reason: string;
}

export const EXCLUDED: Exclusion[] = [];
