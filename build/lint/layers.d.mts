// Types of layers.mjs, for the test that checks the table (build/test/layers.test.ts).
export interface Layer {
  name: string;
  path: string;
  may: string[];
}
export declare const LAYERS: Layer[];
export declare function layerOf(file: string): Layer | undefined;
export declare const layersPlugin: { rules: Record<string, unknown> };
