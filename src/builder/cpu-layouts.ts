/**
 * Where every VBCPU layout VirtualBox released keeps each register, restated by hand from the
 * per-release table in ../shared/docs/vbox-core-format.md (offsets read from each release's
 * compiled headers). Independent of schemas/ on purpose: dumps built from these tables check the
 * schemas instead of echoing them.
 */

/** The VBCPU layouts the builder writes, named as `CpuLayoutInfo.name` names them. */
export type BuilderCpuLayout =
  | 'cpumctx-4.0'
  | 'cpumctx-4.2'
  | 'cpumctx-5.0-beta1'
  | 'cpumctx-5.0-beta2'
  | 'dbgfcorecpu-0x10002'
  | 'dbgfcorecpu-0x10003'
  | 'dbgfcorecpu-0x10005'
  | 'dbgfcorecpu-0x10006';

/** The compiler of the host VirtualBox ran on: gcc/clang keep the XSAVE area 16-byte aligned, MSVC and 32-bit hosts 8. */
export type HostCompiler = 'gcc' | 'msvc';

/** The general registers a layout places (rflags included). */
export type GeneralName = 'rax' | 'rbx' | 'rcx' | 'rdx' | 'rsi' | 'rdi' | 'r8' | 'r9' | 'r10' | 'r11' | 'r12' | 'r13' | 'r14' | 'r15' | 'rip' | 'rsp' | 'rbp' | 'rflags';
/** The segment registers, LDTR and TR. */
export type SegmentName = 'cs' | 'ds' | 'es' | 'fs' | 'gs' | 'ss' | 'ldtr' | 'tr';
/** The MSRs a layout may place. */
export type MsrName = 'efer' | 'star' | 'pat' | 'lstar' | 'cstar' | 'sfmask' | 'kernelGsBase' | 'apicBase' | 'tscAux';

/**
 * How a segment register is stored:
 * - dbgfcoresel (24 bytes): base u64 @0, limit u32 @8, attributes u32 @0xc, selector u16 @0x10;
 * - cpumselreg (24 bytes): selector u16 @0, valid selector u16 @4, flags u16 @6, base u64 @8,
 *   limit u32 @0x10, attributes u32 @0x14;
 * - split (4.0/4.1): a u16 selector in one place, the hidden part (base u64 @0, limit u32 @8,
 *   attributes u32 @0xc) in another.
 */
export type SegmentForm = 'dbgfcoresel' | 'cpumselreg' | 'split';

/** Where one layout keeps each register: offsets inside the note's register block. */
export interface CpuFieldOffsets {
  /** The size of the note from hosts of each compiler. */
  readonly sizes: Readonly<Record<HostCompiler, number>>;
  /** Each general register's offset (u64); a register the layout lacks is absent. */
  readonly general: Readonly<Partial<Record<GeneralName, number>>>;
  /** How segment registers are stored. */
  readonly segmentForm: SegmentForm;
  /** The segment register (dbgfcoresel, cpumselreg) or the 16-bit selector (split). */
  readonly segments: Readonly<Record<SegmentName, number>>;
  /** split only: the hidden parts. */
  readonly hiddenParts?: Readonly<Record<SegmentName, number>>;
  /** cr0, cr2, cr3 and cr4, 8 bytes each from here. */
  readonly control: number;
  /** dr0 to dr7, 8 bytes each from here. */
  readonly debug: number;
  /** GDTR and IDTR: where the base (u64) and the limit are, and the limit's width. */
  readonly gdtr: DescriptorTableOffsets;
  /** The same for IDTR. */
  readonly idtr: DescriptorTableOffsets;
  /** Bytes of the descriptor tables' limits. */
  readonly tableLimitWidth: 2 | 4;
  /** Only esp where the writer kept one union for the three SYSENTER MSRs. */
  readonly sysenter: Readonly<Partial<Record<'cs' | 'eip' | 'esp', number>>>;
  /** Each MSR's offset (u64); an MSR the layout lacks is absent. */
  readonly msrs: Readonly<Partial<Record<MsrName, number>>>;
  /** XCR0 and XCR1 (8 bytes each). */
  readonly xcr?: number;
  /** cbExt (u32). */
  readonly cbExt?: number;
  /** Where the FXSAVE image is: at an offset (CPUMCTX), at the start of the last 8 KiB (DBGFCORECPU), or nowhere. */
  readonly fxsave: number | 'xsave-area' | null;
}

const eightApart = <K extends string>(names: readonly K[], first: number): Record<K, number> => Object.fromEntries(names.map((name, index) => [name, first + index * 8])) as Record<K, number>;
const R8_TO_R15 = ['r8', 'r9', 'r10', 'r11', 'r12', 'r13', 'r14', 'r15'] as const;
const MSRS_TO_APIC = ['efer', 'star', 'pat', 'lstar', 'cstar', 'sfmask', 'kernelGsBase', 'apicBase'] as const;

/** DBGFCORECPU, formats 0x10002 and 0x10003: no rflags, segment registers from 0x88. */
const DBGFCORECPU_V2: CpuFieldOffsets = {
  sizes: { gcc: 0x2220, msvc: 0x2220 },
  general: { ...eightApart(['rax', 'rbx', 'rcx', 'rdx', 'rsi', 'rdi', ...R8_TO_R15, 'rip', 'rsp', 'rbp'] as const, 0x00) },
  segmentForm: 'dbgfcoresel',
  segments: { cs: 0x88, ds: 0xa0, es: 0xb8, fs: 0xd0, gs: 0xe8, ss: 0x100, ldtr: 0x198, tr: 0x1b0 },
  control: 0x118,
  debug: 0x138,
  gdtr: { base: 0x178, limit: 0x180 },
  idtr: { base: 0x188, limit: 0x190 },
  tableLimitWidth: 4,
  sysenter: { esp: 0x1c8 },
  msrs: eightApart(MSRS_TO_APIC, 0x1d0),
  xcr: 0x210,
  fxsave: 'xsave-area',
};

/** DBGFCORECPU, format 0x10005: rflags at 0x88 moves everything after it by 8. */
const DBGFCORECPU_V5: CpuFieldOffsets = {
  sizes: { gcc: 0x2240, msvc: 0x2240 },
  general: { ...eightApart(['rax', 'rbx', 'rcx', 'rdx', 'rsi', 'rdi', ...R8_TO_R15, 'rip', 'rsp', 'rbp', 'rflags'] as const, 0x00) },
  segmentForm: 'dbgfcoresel',
  segments: { cs: 0x90, ds: 0xa8, es: 0xc0, fs: 0xd8, gs: 0xf0, ss: 0x108, ldtr: 0x1a0, tr: 0x1b8 },
  control: 0x120,
  debug: 0x140,
  gdtr: { base: 0x180, limit: 0x188 },
  idtr: { base: 0x190, limit: 0x198 },
  tableLimitWidth: 4,
  sysenter: { cs: 0x1d0, eip: 0x1d8, esp: 0x1e0 },
  msrs: eightApart(MSRS_TO_APIC, 0x1e8),
  xcr: 0x228,
  cbExt: 0x238,
  fxsave: 'xsave-area',
};

/** CPUMCTX of 4.2/4.3: the FXSAVE image, then the register block the 5.0 betas keep at 0. */
const CPUMCTX_42: CpuFieldOffsets = {
  sizes: { gcc: 0x440, msvc: 0x440 },
  general: { ...eightApart(['rax', 'rcx', 'rdx', 'rbx', 'rsp', 'rbp', 'rsi', 'rdi', ...R8_TO_R15] as const, 0x200), rip: 0x310, rflags: 0x318 },
  segmentForm: 'cpumselreg',
  segments: { es: 0x280, cs: 0x298, ss: 0x2b0, ds: 0x2c8, fs: 0x2e0, gs: 0x2f8, ldtr: 0x3a0, tr: 0x3b8 },
  control: 0x320,
  debug: 0x340,
  gdtr: { base: 0x388, limit: 0x386 },
  idtr: { base: 0x398, limit: 0x396 },
  tableLimitWidth: 2,
  sysenter: { cs: 0x3d0, eip: 0x3d8, esp: 0x3e0 },
  msrs: eightApart(MSRS_TO_APIC, 0x3e8),
  fxsave: 0,
};

/** The 5.0.0 betas: CPUMCTX_42 without the FXSAVE image in front (everything 0x200 earlier). */
function withoutFxsave(table: CpuFieldOffsets, sizes: CpuFieldOffsets['sizes'], xcr?: number): CpuFieldOffsets {
  const earlier = <K extends string>(offsets: Readonly<Partial<Record<K, number>>>): Record<K, number> => Object.fromEntries(Object.entries(offsets).map(([name, offset]) => [name, (offset as number) - 0x200])) as Record<K, number>;
  return {
    ...table,
    sizes,
    general: earlier(table.general),
    segments: earlier(table.segments),
    control: table.control - 0x200,
    debug: table.debug - 0x200,
    gdtr: earlier(table.gdtr),
    idtr: earlier(table.idtr),
    sysenter: earlier(table.sysenter),
    msrs: earlier(table.msrs),
    xcr,
    fxsave: null,
  };
}

/** Where a descriptor table register's parts are. */
export interface DescriptorTableOffsets {
  /** Offset of the base (u64). */
  readonly base: number;
  /** Offset of the limit. */
  readonly limit: number;
}

/** Every layout's offsets, restated from the format notes. */
export const CPU_FIELD_OFFSETS: Readonly<Record<BuilderCpuLayout, CpuFieldOffsets>> = {
  'cpumctx-4.0': {
    sizes: { gcc: 0x400, msvc: 0x400 },
    general: {
      rdi: 0x200, rsi: 0x208, rbp: 0x210, rax: 0x218, rbx: 0x220, rdx: 0x228, rcx: 0x230, rsp: 0x238,
      rflags: 0x260, rip: 0x268, ...eightApart(R8_TO_R15, 0x270),
    },
    segmentForm: 'split',
    segments: { ss: 0x244, gs: 0x248, fs: 0x24c, es: 0x250, ds: 0x254, cs: 0x258, ldtr: 0x388, tr: 0x38c },
    hiddenParts: { es: 0x2b0, cs: 0x2c0, ss: 0x2d0, ds: 0x2e0, fs: 0x2f0, gs: 0x300, ldtr: 0x3e0, tr: 0x3f0 },
    control: 0x310,
    debug: 0x330,
    gdtr: { base: 0x372, limit: 0x370 },
    idtr: { base: 0x37e, limit: 0x37c },
    tableLimitWidth: 2,
    sysenter: { cs: 0x390, eip: 0x398, esp: 0x3a0 },
    msrs: eightApart(['efer', 'star', 'pat', 'lstar', 'cstar', 'sfmask', 'kernelGsBase'] as const, 0x3a8),
    fxsave: 0,
  },
  'cpumctx-4.2': CPUMCTX_42,
  'cpumctx-5.0-beta1': withoutFxsave(CPUMCTX_42, { gcc: 0x240, msvc: 0x240 }),
  'cpumctx-5.0-beta2': withoutFxsave(CPUMCTX_42, { gcc: 0x300, msvc: 0x300 }, 0x228),
  'dbgfcorecpu-0x10002': DBGFCORECPU_V2,
  'dbgfcorecpu-0x10003': { ...DBGFCORECPU_V2, sizes: { gcc: 0x2230, msvc: 0x2228 }, cbExt: 0x220 },
  'dbgfcorecpu-0x10005': DBGFCORECPU_V5,
  'dbgfcorecpu-0x10006': { ...DBGFCORECPU_V5, sizes: { gcc: 0x2250, msvc: 0x2248 }, msrs: { ...DBGFCORECPU_V5.msrs, tscAux: 0x228 }, xcr: 0x230, cbExt: 0x240 },
};

/**
 * The layout VirtualBox wrote for a format version: CPUMCTX of the release for 0x10000 (4.0/4.1
 * or 4.2/4.3 by the VirtualBox version), DBGFCORECPU of that version from 0x10002 on. Format
 * versions no release wrote get the newest layout.
 */
export function cpuLayoutFor(formatVersion: number, vboxVersion: { major: number; minor: number }): BuilderCpuLayout {
  switch (formatVersion) {
    case 0x10000:
      return vboxVersion.major === 4 && vboxVersion.minor < 2 ? 'cpumctx-4.0' : 'cpumctx-4.2';
    case 0x10002:
      return 'dbgfcorecpu-0x10002';
    case 0x10003:
      return 'dbgfcorecpu-0x10003';
    case 0x10005:
      return 'dbgfcorecpu-0x10005';
    default:
      return 'dbgfcorecpu-0x10006';
  }
}
