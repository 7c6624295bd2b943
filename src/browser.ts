/**
 * The library for browsers (`vboxcore/browser`): parsing, validation, translation and page walks
 * over a `Blob` (a file the user picked) or an HTTP server that answers range requests, through
 * the asynchronous API. Nothing here needs a Node built-in; the package ships it bundled
 * (dist/browser/vboxcore.mjs, an ES module), so a page or a bundler takes it as it is.
 * @module
 */
export { openDumpAsync, validateDumpAsync, identifyKernelAsync, cpuAddressSpaceAsync, cpuAddressSpaceWithTablesAsync, AsyncPhysicalAddressSpace, AsyncVirtualAddressSpace } from './async/dump-core';
export type { AsyncVBoxCoreDump } from './async/dump-core';
export type { AsyncByteSource } from './io/async-source';
export { BlobSource } from './io/blob-source';
export { HttpSource } from './io/http-source';
export { VboxCoreError, isVboxCoreError } from './errors';
export { PROBLEMS } from './problems';
export type { ProblemCode } from './problems';
export { parseAddress, parseLength, toAddress } from './address-space/address';
export { formatInfo, formatProblem, formatHexdump } from './report/text';
export { formatCpu, formatMaps, formatWalk } from './report/cpu-text';
export { describeCpu } from './cpu/view';
export { summarizeDump } from './report/summary';
export { describeStructure } from './structure/dump-structure';
export type { StructureSource } from './structure/dump-structure';
export type { StructureNode } from './structure/field-tree';
