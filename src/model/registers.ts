import { VboxCpuState } from '../../generated/VboxCpuState';
import { exactU64 } from './exact';
import { CpuRegisters, DescriptorTableRegister, SegmentRegister } from './types';

/** Bytes of DBGFCORECPU that every layout shares, rax through msrApicBase. */
export const REGISTER_PREFIX_SIZE = 0x228;

const GENERAL = ['rax', 'rbx', 'rcx', 'rdx', 'rsi', 'rdi', 'r8', 'r9', 'r10', 'r11', 'r12', 'r13', 'r14', 'r15', 'rip', 'rsp', 'rbp', 'rflags'] as const;
const SEGMENTS = ['cs', 'ds', 'es', 'fs', 'gs', 'ss', 'ldtr', 'tr'] as const;
const CONTROL = ['cr0', 'cr2', 'cr3', 'cr4'] as const;

function fromEntries<K extends string, V>(keys: readonly K[], value: (key: K) => V): Record<K, V> {
  return Object.fromEntries(keys.map((key) => [key, value(key)])) as Record<K, V>;
}

/** Registers with their 64-bit values read exactly from the descriptor bytes. */
export function decodeRegisters(state: VboxCpuState, descriptor: Uint8Array): CpuRegisters {
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
  };
}
