import { VboxCpuState } from '../../../generated/VboxCpuState';
import { exactU64 } from '../../kaitai/window';
import { CONTROL, fromEntries, GENERAL } from '../../model/register-names';
import { CpuLayoutName, DescriptorTableRegister, ExtendedCpuState, SegmentRegister, VirtualBoxCpuRegisters } from '../../model/types';

/** Bytes of DBGFCORECPU that every layout shares, rax through msrApicBase. */
export const REGISTER_PREFIX_SIZE = 0x228;

const SEGMENTS = ['cs', 'ds', 'es', 'fs', 'gs', 'ss', 'ldtr', 'tr'] as const;

/** Registers with their 64-bit values read exactly from the descriptor bytes. */
export function decodeRegisters(state: VboxCpuState, descriptor: Uint8Array): VirtualBoxCpuRegisters {
  const exact = (field: string): bigint => exactU64(state, field, descriptor);
  const segment = (register: VboxCpuState.Segment): SegmentRegister => ({
    selector: register.selector,
    base: exactU64(register, 'base', descriptor),
    limit: register.limit,
    attributes: register.attributes,
  });
  const table = (register: VboxCpuState.DescriptorTable): DescriptorTableRegister => ({ base: exactU64(register, 'base', descriptor), limit: register.limit });
  const debugSpans = state._debug.dr?.arr ?? [];
  const view = Buffer.from(descriptor.buffer, descriptor.byteOffset, descriptor.byteLength);
  return {
    producer: 'virtualbox',
    general: fromEntries(GENERAL, exact),
    segments: fromEntries(SEGMENTS, (name) => segment(state[name])),
    control: fromEntries(CONTROL, exact),
    debug: debugSpans.map((span) => view.readBigUInt64LE(span.start)),
    gdtr: table(state.gdtr),
    idtr: table(state.idtr),
    sysenter: { cs: exact('sysenterCs'), eip: exact('sysenterEip'), esp: exact('sysenterEsp') },
    msrs: {
      efer: exact('msrEfer'),
      star: exact('msrStar'),
      pat: exact('msrPat'),
      lstar: exact('msrLstar'),
      cstar: exact('msrCstar'),
      sfmask: exact('msrSfmask'),
      kernelGsBase: exact('msrKernelGsBase'),
      apicBase: exact('msrApicBase'),
    },
    extended: decodeExtended(state, descriptor),
  };
}

/** DBGFCORECPU layouts by descriptor size; the schema picks the same tail by the same size. */
export const CPU_LAYOUTS: Readonly<Record<number, { name: CpuLayoutName; formatVersions: readonly number[] }>> = {
  0x2230: { name: 'dbgfcorecpu-0x2230', formatVersions: [0x1_0001, 0x1_0002, 0x1_0003] },
  0x2240: { name: 'dbgfcorecpu-0x2240', formatVersions: [0x1_0004, 0x1_0005] },
  0x2248: { name: 'dbgfcorecpu-0x2248', formatVersions: [0x1_0006] },
};

function decodeExtended(state: VboxCpuState, descriptor: Uint8Array): ExtendedCpuState | null {
  const tail = state.tail;
  if (tail === undefined) return null;
  // The tail and the XSAVE area are read from the descriptor's own stream (no substream), so
  // their recorded spans are descriptor offsets and exactU64 re-reads them there.
  const ext = tail.ext;
  const view = Buffer.from(descriptor.buffer, descriptor.byteOffset, descriptor.byteLength);
  const xmmSpans = ext._debug.xmm?.arr ?? [];
  const hasXcr = tail instanceof VboxCpuState.Tail2240 || tail instanceof VboxCpuState.Tail2248;
  return {
    layout: CPU_LAYOUTS[descriptor.byteLength].name,
    tscAux: tail instanceof VboxCpuState.Tail2248 ? exactU64(tail, 'msrTscAux', descriptor) : null,
    xcr0: hasXcr ? exactU64(tail, 'xcr0', descriptor) : null,
    xcr1: hasXcr ? exactU64(tail, 'xcr1', descriptor) : null,
    xsaveSize: hasXcr ? tail.extSize : null,
    xsaveOffset: tail._debug.ext.start,
    fpu: { fcw: ext.fcw, fsw: ext.fsw, ftw: ext.ftw, fop: ext.fop, mxcsr: ext.mxcsr, mxcsrMask: ext.mxcsrMask },
    xstateBv: exactU64(ext, 'xstateBv', descriptor),
    xcompBv: exactU64(ext, 'xcompBv', descriptor),
    xmm: xmmSpans.map((span) => view.readBigUInt64LE(span.start) | (view.readBigUInt64LE(span.start + 8) << 64n)),
  };
}
