// How every handler is bundled for Lambda: the CDK stack, the bundle test and the cold-start
// benchmark all use these settings, so what is tested is what is deployed.
import type { BuildOptions } from 'esbuild';

/** Bundled CommonJS dependencies still call require(); an ES module has to provide it. */
export const ESM_REQUIRE_BANNER =
  "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);";

/** ESM, minified, with source maps; the AWS SDK is bundled rather than taken from the runtime. */
export const ESBUILD_OPTIONS = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node24',
  minify: true,
  sourcemap: true,
  mainFields: ['module', 'main'],
  banner: { js: ESM_REQUIRE_BANNER },
  external: [],
  logLevel: 'error',
} satisfies BuildOptions;
