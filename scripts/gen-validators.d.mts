// Types of scripts/gen-validators.mjs, for the test that holds the generated validators to it.
import type { Options } from 'ajv';

export declare const OUT_DIR: string;
export declare const SCHEMAS: ReadonlyArray<{ module: string; schema: string }>;
export declare const AJV_OPTIONS: Options;
export declare function generateModule(schemaFile: string, schema: object): string;
export declare function generate(read: (file: string) => string): Map<string, string>;
export declare function writeValidators(root: string): string[];
