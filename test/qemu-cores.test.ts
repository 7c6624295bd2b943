/**
 * QEMU-style cores made here, for what real QEMU dumps in test/qemu.test.ts do not show: the
 * paging-mode rule without EFER, VMCOREINFO, older notes without kernel_gs_base, and where each
 * QEMU-specific problem is reported.
 */
import * as fs from 'node:fs';
import { cpuAddressSpace, openDump, VBoxCoreDump } from '../src';
import { cli, scratchDirectory } from './helpers';
import { qemuCore, QemuCoreOptions } from './qemu-cores';

const scratch = scratchDirectory();
afterAll(() => scratch.cleanup());
let counter = 0;

function withCore<T>(options: QemuCoreOptions, body: (dump: VBoxCoreDump, file: string) => T): T {
  const file = scratch.path(`qemu-${counter++}.elf`);
  fs.writeFileSync(file, qemuCore(options).bytes);
  const dump = openDump(file);
  try {
    return body(dump, file);
  } finally {
    dump.close();
  }
}

test('a well-formed QEMU-style core has no problems and its registers decode exactly', () => {
  withCore({ cpuCount: 2 }, (dump) => {
    expect(dump.report.problems).toEqual([]);
    expect(dump.producer).toBe('qemu');
    const core = qemuCore({ cpuCount: 2 });
    dump.cpus.forEach((cpu, index) => {
      expect(cpu.descriptorOffset).toBe(core.stateOffsets[index]);
      expect(cpu.registers).toMatchObject({ producer: 'qemu', stateVersion: 1, stateSize: 0x1b8, kernelGsBase: 0xffff_8880_0000_0000n, general: { rip: core.rip(index), rax: 0x1111n * BigInt(index + 1) } });
      // QEMU's flags 0x00af9b00 in the VMX access-rights layout: type 0xb, S, P, L, G
      expect(cpu.registers!.segments.cs).toMatchObject({ selector: 0x10, limit: 0xffff_ffff, attributes: 0xa09b });
    });
  });
});

test('long mode comes from e_machine, since QEMU stores no EFER: EM_X86_64 gives 4-level, EM_386 PAE', () => {
  withCore({ machine: 62 }, (dump) => {
    const context = cpuAddressSpace(dump).context;
    expect([context.mode, context.cr3, context.nxe]).toEqual(['4-level', 0x10_0000n, true]);
    expect(context.source).toContain('e_machine');
  });
  withCore({ machine: 3 }, (dump) => expect(cpuAddressSpace(dump).context.mode).toBe('pae'));
});

test('a note without kernel_gs_base (QEMU before 4.2) decodes, with kernelGsBase null', () => {
  withCore({ stateNoteSize: 0x1b0, stateSizeField: 0x1b0 }, (dump) => {
    expect(dump.report.problems).toEqual([]);
    expect(dump.cpus[0].registers).toMatchObject({ producer: 'qemu', kernelGsBase: null });
  });
});

test('VMCOREINFO is kept whole and info names the guest kernel', async () => {
  const text = 'OSRELEASE=6.1.0-13-amd64\nPAGESIZE=4096\nSYMBOL(init_uts_ns)=ffffffff82a12340\n';
  await withCore({ vmcoreinfo: text }, async (dump, file) => {
    expect(dump.vmcoreinfo).toBe(text);
    expect((await cli('info', file)).stdout).toContain('VMCOREINFO: 3 lines, OSRELEASE=6.1.0-13-amd64');
  });
});

test('QEMU problems name the note, the field and its file offset', () => {
  withCore({ stateVersion: 7 }, (dump) => {
    const problem = dump.report.problems.find((item) => item.code === 'QEMU_CPU_STATE_VERSION')!;
    expect(problem).toMatchObject({ severity: 'warning', fileOffset: qemuCore().stateOffsets[0], field: 'note[1].desc.version' });
    expect(dump.cpus[0].registers).not.toBeNull();
  });
  withCore({ stateNoteSize: 0x100 }, (dump) => {
    expect(dump.report.problems.map((item) => item.code)).toEqual(['CPU_NOTE_TOO_SHORT']);
    expect(dump.cpus[0].registers).toBeNull();
    expect(() => cpuAddressSpace(dump)).toThrow(/give --mode and --cr3/);
  });
  withCore({ cpuCount: 2, prstatusPid: () => 1 }, (dump) => {
    const problems = dump.report.problems.filter((item) => item.code === 'QEMU_NOTES_DISAGREE');
    expect(problems).toHaveLength(1);
    expect(problems[0].message).toBe('NT_PRSTATUS note 1 and QEMU note 1 disagree: pr_pid 1, expected 2');
  });
});

test('the .shstrtab after the memory is file content, but bytes after it are still trailing data', () => {
  const core = qemuCore();
  const file = scratch.path('qemu-trailing.elf');
  fs.writeFileSync(file, Buffer.concat([core.bytes, Buffer.alloc(100)]));
  const dump = openDump(file);
  try {
    expect(dump.report.problems.map((item) => [item.code, item.fileOffset])).toEqual([['TRAILING_DATA', core.bytes.length]]);
  } finally {
    dump.close();
  }
});

test('section problems are warnings that name the header field or the section, and reading goes on', () => {
  withCore({ sectionHeaderOffset: 0x7fff_0000 }, (dump) => {
    // without the section table, the .shstrtab bytes after the memory are trailing data
    expect(dump.report.problems.map((item) => [item.code, item.severity, item.fileOffset, item.field])).toEqual([
      ['BAD_SECTION_HEADERS', 'warning', 0x28, 'e_shoff'],
      ['TRAILING_DATA', 'warning', qemuCore().bytes.length - 11, null],
    ]);
    expect(dump.ranges).toHaveLength(1);
  });
  const core = qemuCore();
  const file = scratch.path('qemu-long-section.elf');
  const bytes = Buffer.from(core.bytes);
  bytes.writeBigUInt64LE(0x1_0000_0000n, 64 + 64 + 0x20); // section 1's sh_size
  fs.writeFileSync(file, bytes);
  const dump = openDump(file);
  try {
    expect(dump.report.problems.map((item) => [item.code, item.fileOffset, item.field])).toEqual([
      ['BAD_SECTION_HEADERS', 64 + 64 + 0x18, 'section_header[1].sh_offset'],
      ['TRAILING_DATA', bytes.length - 11, null],
    ]);
  } finally {
    dump.close();
  }
});
