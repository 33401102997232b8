// What moves between a model and a storage handler: the TF.js layers-format artifacts.
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export interface WeightManifestEntry {
  name: string;
  shape: number[];
  dtype: 'float32';
}

/** What a save handler receives and a load handler returns (the fields tfjs's ModelArtifacts uses). */
export interface ModelArtifacts {
  modelTopology: Json;
  weightSpecs: WeightManifestEntry[];
  weightData: ArrayBuffer;
  format?: string;
  generatedBy?: string;
  convertedBy?: string | null;
}
