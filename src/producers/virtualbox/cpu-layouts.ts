import { VboxCpumctx } from '../../../generated/VboxCpumctx';
import { VboxElf64Header } from '../../../generated/VboxElf64Header';
import { VboxCpuState } from '../../../generated/VboxCpuState';
import { hex } from '../../model/numbers';
import { CpuLayoutInfo } from '../../model/types';

/**
 * What the layouts the schema picks are, in words. The schema (vbox_cpu_state.ksy) decides which
 * layout a note has; this only names the releases behind each one and reads what the note's
 * size says about the host. A layout added to the schema and missing here still decodes.
 */

const { CpuLayout } = VboxCpuState;
const { CpumctxLayout } = VboxCpumctx;

/** The releases that wrote each DBGFCORECPU version (../shared/docs/vbox-core-format.md). */
const DBGFCORECPU_RELEASES: Readonly<Record<number, string>> = {
  [CpuLayout.DBGFCORECPU_V2]: 'VirtualBox 5.0.0 RC2 - 5.0.0',
  [CpuLayout.DBGFCORECPU_V3]: 'VirtualBox 5.0.2 - 5.0.x and 5.1.0 beta 1',
  [CpuLayout.DBGFCORECPU_V5]: 'VirtualBox 5.1.0 beta 3 - 6.1.x',
  [CpuLayout.DBGFCORECPU_V6]: 'VirtualBox 7.0 on',
};

/** The CPUMCTX of each release family (format 0x10000). */
const CPUMCTX_LAYOUTS: Readonly<Record<number, { name: string; releases: string }>> = {
  [CpumctxLayout.V4_0]: { name: 'cpumctx-4.0', releases: 'VirtualBox 4.0.x and 4.1.x' },
  [CpumctxLayout.V4_2]: { name: 'cpumctx-4.2', releases: 'VirtualBox 4.2.x and 4.3.x' },
  [CpumctxLayout.V5_0_BETA1]: { name: 'cpumctx-5.0-beta1', releases: 'VirtualBox 5.0.0 beta 1 (a pre-release)' },
  [CpumctxLayout.V5_0_BETA2]: { name: 'cpumctx-5.0-beta2', releases: 'VirtualBox 5.0.0 beta 2 - RC1 (pre-releases)' },
};

const XSAVE_ALIGNMENT = 16;

/**
 * What the XSAVE area's place says about the host. Its 16-byte alignment is kept only by
 * compilers with a native 128-bit integer (gcc and clang on 64-bit hosts); where the fields end
 * on a 16-byte boundary every compiler puts it at the same place.
 */
function hostOf(cpu: VboxCpuState.Dbgfcorecpu, writer: HostFacts): string {
  const fieldsEnd = cpu._debug.extAlignment.start;
  const alignment = cpu.extAlignment.length;
  const xsaveOffset = fieldsEnd + alignment;
  if (alignment === 0 && fieldsEnd % XSAVE_ALIGNMENT === 0) return 'any host (the fields end on a 16-byte boundary, so every compiler places the XSAVE area alike)';
  if (alignment === 8 && xsaveOffset % XSAVE_ALIGNMENT === 0) return 'a 64-bit host built with gcc or clang (Linux, macOS, Solaris): the XSAVE area is 16-byte aligned';
  if (alignment === 0) {
    // 64-bit gcc and clang align it to 16, so under EM_X86_64 only MSVC is left; 7.x has no
    // 32-bit hosts, and its arm64 hosts are built with clang; EM_386 before 7.0 is a 32-bit host
    if (writer.machine === VboxElf64Header.Machine.X86_64 || (writer.version !== null && writer.version.major >= 7)) return 'a Windows host (MSVC): the XSAVE area is 8-byte aligned';
    if (writer.machine === VboxElf64Header.Machine.X86 && writer.version !== null) return 'a 32-bit host: the XSAVE area is 8-byte aligned';
    return 'a Windows host (MSVC) or a 32-bit host: the XSAVE area is 8-byte aligned';
  }
  return `no known host: the XSAVE area is taken at n_descsz - 0x2000 (${hex(xsaveOffset)}), ${alignment} bytes after the fields (inferred)`;
}

/** What the file says of the VirtualBox that wrote it: e_machine (the host's) and the descriptor's version. */
export interface HostFacts {
  /** e_machine. */
  readonly machine: number;
  /** The VirtualBox version, or null without a descriptor. */
  readonly version: { readonly major: number } | null;
}

/** The layout a parsed VBCPU note was decoded with; null when the parser picked none. */
export function describeLayout(state: VboxCpuState, size: number, writer: HostFacts): CpuLayoutInfo | null {
  const body = state.body;
  const chosenBy = state.layoutReleased !== CpuLayout.UNKNOWN ? 'release' : state.layoutBySize !== CpuLayout.UNKNOWN ? 'size' : 'format-version';
  if (body instanceof VboxCpuState.Dbgfcorecpu) {
    return {
      name: `dbgfcorecpu-${hex(state.layout)}`,
      structure: 'DBGFCORECPU',
      formatVersion: state.layout,
      releases: DBGFCORECPU_RELEASES[state.layout] ?? 'no release vboxcore knows of',
      size,
      host: hostOf(body, writer),
      chosenBy,
    };
  }
  if (body instanceof VboxCpumctx) {
    const known = CPUMCTX_LAYOUTS[body.layout] ?? { name: `cpumctx-${hex(size)}`, releases: 'no release vboxcore knows of' };
    return { ...known, structure: 'CPUMCTX', formatVersion: CpuLayout.CPUMCTX, size, host: 'any host (CPUMCTX is packed)', chosenBy };
  }
  return null;
}

/** The format versions whose layouts the schema knows, from its enum: every released one. */
export function knownFormatVersions(): number[] {
  const values: readonly unknown[] = Object.values(CpuLayout);
  return values.filter((value): value is number => typeof value === 'number' && value !== CpuLayout.UNKNOWN);
}

export function isKnownFormatVersion(formatVersion: number): boolean {
  return knownFormatVersions().includes(formatVersion);
}

/** Whether a format version names a DBGFCORECPU layout (0x10002 on). */
export function isDbgfCoreCpuVersion(formatVersion: number): boolean {
  return formatVersion !== CpuLayout.CPUMCTX && isKnownFormatVersion(formatVersion);
}
