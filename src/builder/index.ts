export { buildDump, programHeaderOffset } from './build-dump';
export type { BuiltDump, BuiltRange, DumpLayout, Fill, RangeSpec } from './build-dump';
export { patternBytes } from './pattern';
export { chunkedRam, layoutGuest, layoutGuest24g, layoutGuest64m, layoutSample, layoutVbox41Guest8g, layoutVbox5016 } from './layouts';
export { cpuDescriptorSizeFor, defaultCpuValues, RAM_CHUNK_SIZE } from './layout';
export type { CpuValues, DeepPartialCpu, SegmentValue } from './layout';
export { buildPageTables } from './page-tables';
export type { BuiltPageTables, BuiltPagingMode, PageMappingSpec, PageTableSpec } from './page-tables';
