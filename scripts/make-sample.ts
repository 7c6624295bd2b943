// Writes the bundled sample dump from the builder's sample layout: `make sample`.
import { buildDump, layoutSample } from '../src/builder';

const outputPath = process.argv[2] ?? 'samples/small-guest.elf';
const built = buildDump(outputPath, layoutSample());
console.log(`wrote ${built.path}: ${built.fileSize} bytes, ${built.ranges.length} ranges, ${built.cpuCount} vCPUs`);
