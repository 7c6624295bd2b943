import { VboxCpumctx } from '../../../generated/VboxCpumctx';
import { VboxCpuState } from '../../../generated/VboxCpuState';
import { X86Fxsave } from '../../../generated/X86Fxsave';
import { X86XsaveArea } from '../../../generated/X86XsaveArea';
import { exactU64, exactU64Array, WithFieldSpans } from '../../kaitai/window';
import { CONTROL, fromEntries, GENERAL } from '../../model/register-names';
import { CpuLayoutInfo, DescriptorTableRegister, FpuState, GeneralRegisterName, SegmentRegister, VirtualBoxCpuRegisters, VirtualBoxVersion, XsaveState } from '../../model/types';

/**
 * Decoding a VBCPU note: the generated parser (vbox_cpu_state.ksy) picks the layout from the
 * note's size and the format version; this turns each layout's fields into the register model.
 * 64-bit values are re-read exactly from the note's bytes at the positions the parser recorded.
 */

type Parsed = WithFieldSpans;

/** A segment register as DBGFCORESEL and CPUMSELREG both name its parts. */
type ParsedSegment = Parsed & { readonly selector: number; readonly limit: number; readonly attributes: number };
/** GDTR or IDTR as DBGFCOREXDTR and VBOXGDTR both name its parts. */
type ParsedTable = Parsed & { readonly limit: number };

interface Reader {
  u64(parsed: Parsed, field: string): bigint;
  u64s(parsed: Parsed, field: string): bigint[];
  segment(register: ParsedSegment): SegmentRegister;
  table(register: ParsedTable): DescriptorTableRegister;
}

/** Exact reads of the fields of structures parsed from `bytes`. */
function reader(bytes: Uint8Array): Reader {
  const u64 = (parsed: Parsed, field: string): bigint => exactU64(parsed, field, bytes);
  return {
    u64,
    u64s: (parsed, field) => exactU64Array(parsed, field, bytes),
    segment: (register) => ({ selector: register.selector, base: u64(register, 'base'), limit: register.limit, attributes: register.attributes }),
    table: (register) => ({ base: u64(register, 'base'), limit: register.limit }),
  };
}

/** The general registers of a structure that names them as the model does. */
function generalOf(parsed: Parsed & Readonly<Record<GeneralRegisterName, number>>, u64: (parsed: Parsed, field: string) => bigint): Record<GeneralRegisterName, bigint> {
  return fromEntries(GENERAL, (name) => u64(parsed, name));
}

function fpuOf(fxsave: X86Fxsave, bytes: Uint8Array): FpuState {
  const { u64 } = reader(bytes);
  return {
    fcw: fxsave.fcw,
    fsw: fxsave.fsw,
    ftw: fxsave.ftw,
    fop: fxsave.fop,
    fpuIp: fxsave.fpuIp,
    fpuCs: fxsave.fpuCs,
    fpuDp: fxsave.fpuDp,
    fpuDs: fxsave.fpuDs,
    mxcsr: fxsave.mxcsr,
    mxcsrMask: fxsave.mxcsrMask,
    st: fxsave.st.map((register) => u64(register, 'mantissa') | (BigInt(register.signExponent) << 64n)),
    xmm: fxsave.xmm.map((register) => joined128(register, u64)),
  };
}

/** A 128-bit value stored as two 64-bit fields, `low` and `high`. */
function joined128(register: Parsed, u64: (parsed: Parsed, field: string) => bigint): bigint {
  return u64(register, 'low') | (u64(register, 'high') << 64n);
}

/** The standard-format components the schema decoded: YMM whole, the opmask registers, ZMM whole. */
function extendedStateOf(area: X86XsaveArea, xmm: readonly bigint[], bytes: Uint8Array): Pick<XsaveState, 'ymm' | 'opmask' | 'zmm'> {
  const { u64, u64s } = reader(bytes);
  const ymmHigh = area.hasYmmHi128 ? area.ymmHi128!.map((register) => joined128(register, u64)) : null;
  const ymm = ymmHigh === null ? null : xmm.map((low, index) => low | (ymmHigh[index] << 128n));
  // the instances are read when first asked for: each is touched before its spans are used
  const opmask = area.hasOpmask && area.opmask !== undefined ? u64s(area, '_m_opmask') : null;
  const words = (values: bigint[], perRegister: number): bigint[] => Array.from({ length: values.length / perRegister }, (_, index) => values.slice(index * perRegister, (index + 1) * perRegister).reduce((whole, word, position) => whole | (word << BigInt(64 * position)), 0n));
  const zmmHigh = area.hasZmmHi256 && area.zmmHi256 !== undefined ? words(u64s(area, '_m_zmmHi256'), 4) : null;
  const zmm16 = area.hasHi16Zmm && area.hi16Zmm !== undefined ? words(u64s(area, '_m_hi16Zmm'), 8) : null;
  const zmm = ymm === null || zmmHigh === null || zmm16 === null ? null : [...ymm.map((low, index) => low | (zmmHigh[index] << 256n)), ...zmm16];
  return { ymm, opmask, zmm };
}

/** DBGFCORECPU (formats 0x10002 to 0x10006): fields a version lacks are undefined in the parse, null here. */
function decodeDbgfCoreCpu(cpu: VboxCpuState.Dbgfcorecpu, bytes: Uint8Array, layout: CpuLayoutInfo): VirtualBoxCpuRegisters {
  const { u64, u64s, segment, table } = reader(bytes);
  const optional = (field: string, value: number | undefined): bigint | null => (value === undefined ? null : u64(cpu, field));
  const [xcr0, xcr1] = u64s(cpu, 'xcr');
  const fpu = fpuOf(cpu.ext.legacy, bytes);
  return {
    producer: 'virtualbox',
    layout,
    general: { ...generalOf(cpu, u64), rflags: optional('rflags', cpu.rflags) },
    segments: { cs: segment(cpu.cs), ds: segment(cpu.ds), es: segment(cpu.es), fs: segment(cpu.fs), gs: segment(cpu.gs), ss: segment(cpu.ss), ldtr: segment(cpu.ldtr), tr: segment(cpu.tr) },
    control: fromEntries(CONTROL, (name) => u64(cpu, name)),
    debug: u64s(cpu, 'dr'),
    gdtr: table(cpu.gdtr),
    idtr: table(cpu.idtr),
    sysenter: { cs: optional('sysenterCs', cpu.sysenterCs), eip: optional('sysenterEip', cpu.sysenterEip), esp: u64(cpu, 'sysenterEsp') },
    msrs: msrsOf(cpu, u64, u64(cpu, 'msrApicBase'), optional('msrTscAux', cpu.msrTscAux)),
    xcr: { xcr0, xcr1 },
    fpu,
    xsave: { offset: cpu._debug.ext.start, stateSize: cpu.extSize ?? null, xstateBv: u64(cpu.ext, 'xstateBv'), xcompBv: u64(cpu.ext, 'xcompBv'), ...extendedStateOf(cpu.ext, fpu.xmm, bytes) },
  };
}

/** The MSRs every layout names alike; the APIC base and TSC_AUX only some have. */
function msrsOf(cpu: Parsed, u64: (parsed: Parsed, field: string) => bigint, apicBase: bigint | null, tscAux: bigint | null): VirtualBoxCpuRegisters['msrs'] {
  return {
    efer: u64(cpu, 'msrEfer'),
    star: u64(cpu, 'msrStar'),
    pat: u64(cpu, 'msrPat'),
    lstar: u64(cpu, 'msrLstar'),
    cstar: u64(cpu, 'msrCstar'),
    sfmask: u64(cpu, 'msrSfmask'),
    kernelGsBase: u64(cpu, 'msrKernelGsBase'),
    apicBase,
    tscAux,
  };
}

/** CPUMCTX of 4.0 and 4.1: selectors and their hidden parts are kept apart. */
function decodeCpumctx40(cpu: VboxCpumctx.CpumctxV40, bytes: Uint8Array, layout: CpuLayoutInfo): VirtualBoxCpuRegisters {
  const { u64, u64s, table } = reader(bytes);
  const segment = (selector: number, hidden: VboxCpumctx.HiddenSelector): SegmentRegister => ({ selector, base: u64(hidden, 'base'), limit: hidden.limit, attributes: hidden.attributes });
  return {
    producer: 'virtualbox',
    layout,
    general: { ...generalOf(cpu, u64), rflags: u64(cpu, 'rflags') },
    segments: {
      cs: segment(cpu.cs, cpu.csHid),
      ds: segment(cpu.ds, cpu.dsHid),
      es: segment(cpu.es, cpu.esHid),
      fs: segment(cpu.fs, cpu.fsHid),
      gs: segment(cpu.gs, cpu.gsHid),
      ss: segment(cpu.ss, cpu.ssHid),
      ldtr: segment(cpu.ldtr, cpu.ldtrHid),
      tr: segment(cpu.tr, cpu.trHid),
    },
    control: fromEntries(CONTROL, (name) => u64(cpu, name)),
    debug: u64s(cpu, 'dr'),
    gdtr: table(cpu.gdtr),
    idtr: table(cpu.idtr),
    sysenter: { cs: u64(cpu.sysEnter, 'cs'), eip: u64(cpu.sysEnter, 'eip'), esp: u64(cpu.sysEnter, 'esp') },
    msrs: msrsOf(cpu, u64, null, null), // CPUMCTX: no TSC_AUX, no APIC base before 4.3
    xcr: null,
    fpu: fpuOf(cpu.fpu, bytes),
    xsave: null,
  };
}

/**
 * CPUMCTX of 4.2, 4.3 and the 5.0 betas: one register block, with the FXSAVE image before it
 * (4.x) or XCR0/XCR1 after it (5.0 beta 2). 4.2 keeps padding where 4.3 put the APIC base.
 */
function decodeRegisterBlock(block: VboxCpumctx.RegisterBlock, bytes: Uint8Array, layout: CpuLayoutInfo, extras: { fpu: X86Fxsave | null; xcr: bigint[] | null; hasApicBase: boolean }): VirtualBoxCpuRegisters {
  const { u64, u64s, segment, table } = reader(bytes);
  return {
    producer: 'virtualbox',
    layout,
    general: { ...generalOf(block, u64), rflags: u64(block, 'rflags') },
    segments: { cs: segment(block.cs), ds: segment(block.ds), es: segment(block.es), fs: segment(block.fs), gs: segment(block.gs), ss: segment(block.ss), ldtr: segment(block.ldtr), tr: segment(block.tr) },
    control: fromEntries(CONTROL, (name) => u64(block, name)),
    debug: u64s(block, 'dr'),
    gdtr: table(block.gdtr),
    idtr: table(block.idtr),
    sysenter: { cs: u64(block.sysEnter, 'cs'), eip: u64(block.sysEnter, 'eip'), esp: u64(block.sysEnter, 'esp') },
    msrs: msrsOf(block, u64, extras.hasApicBase ? u64(block, 'msrApicBase') : null, null),
    xcr: extras.xcr === null ? null : { xcr0: extras.xcr[0], xcr1: extras.xcr[1] },
    fpu: extras.fpu === null ? null : fpuOf(extras.fpu, bytes),
    xsave: null,
  };
}

function decodeCpumctx(cpumctx: VboxCpumctx, bytes: Uint8Array, layout: CpuLayoutInfo, vboxVersion: VirtualBoxVersion | null): VirtualBoxCpuRegisters | null {
  const body = cpumctx.body;
  if (body instanceof VboxCpumctx.CpumctxV40) return decodeCpumctx40(body, bytes, layout);
  if (body instanceof VboxCpumctx.CpumctxV42) {
    // 4.2 and 4.3 share the size; only 4.3 stores the APIC base (an unknown version is taken as 4.3).
    const is42 = vboxVersion !== null && vboxVersion.major === 4 && vboxVersion.minor === 2;
    return decodeRegisterBlock(body.registers, bytes, layout, { fpu: body.fpu, xcr: null, hasApicBase: !is42 });
  }
  if (body instanceof VboxCpumctx.CpumctxV50Beta) {
    const xcr = body.hasXcr ? exactU64Array(body, 'xcr', bytes) : null;
    return decodeRegisterBlock(body.registers, bytes, layout, { fpu: null, xcr, hasApicBase: true });
  }
  return null;
}

/** The registers of a parsed VBCPU note in the layout its parser picked; null when none was picked. */
export function decodeRegisters(state: VboxCpuState, bytes: Uint8Array, layout: CpuLayoutInfo, vboxVersion: VirtualBoxVersion | null): VirtualBoxCpuRegisters | null {
  const body = state.body;
  if (body instanceof VboxCpuState.Dbgfcorecpu) return decodeDbgfCoreCpu(body, bytes, layout);
  if (body instanceof VboxCpumctx) return decodeCpumctx(body, bytes, layout, vboxVersion);
  return null;
}
