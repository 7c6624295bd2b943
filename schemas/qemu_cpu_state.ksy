meta:
  id: qemu_cpu_state
  title: QEMU x86 vCPU state (QEMUCPUState, the "QEMU" note of dump-guest-memory)
  application: QEMU (dump-guest-memory, x86 targets)
  license: MIT
  ks-version: '0.10'
  endian: le
doc: |
  The registers of one vCPU from a "QEMU" note (n_type 0) of a QEMU guest core. QEMU writes
  one per vCPU after all NT_PRSTATUS notes, for every x86 guest mode. It holds the general
  registers, every segment register with its hidden part, the descriptor tables and CR0-CR4,
  so a reader learns the paging mode and CR3 from it; it does not hold EFER or other MSRs
  beyond KERNEL_GS_BASE. Fields are only ever appended: `size` says how many bytes are
  valid, and `kernel_gs_base` exists when the note is long enough. Parses standalone from the
  note's descriptor bytes.
doc-ref:
  - https://gitlab.com/qemu-project/qemu/-/blob/v7.2.0/target/i386/arch_dump.c (QEMUCPUState, qemu_get_cpustate)
  - https://gitlab.com/qemu-project/qemu/-/blob/v7.2.0/contrib/elf2dmp/qemu_elf.h
seq:
  - id: version
    type: u4
    doc: Layout version; QEMU writes 1 (QEMUCPUSTATE_VERSION) and appends fields without changing it.
  - id: size
    type: u4
    doc: Bytes of the state QEMU wrote, 0x1b8 with kernel_gs_base.
  - id: rax
    type: u8
    doc: General register RAX.
  - id: rbx
    type: u8
    doc: General register RBX.
  - id: rcx
    type: u8
    doc: General register RCX.
  - id: rdx
    type: u8
    doc: General register RDX.
  - id: rsi
    type: u8
    doc: General register RSI.
  - id: rdi
    type: u8
    doc: General register RDI.
  - id: rsp
    type: u8
    doc: General register RSP.
  - id: rbp
    type: u8
    doc: General register RBP.
  - id: r8
    type: u8
    doc: General register R8.
  - id: r9
    type: u8
    doc: General register R9.
  - id: r10
    type: u8
    doc: General register R10.
  - id: r11
    type: u8
    doc: General register R11.
  - id: r12
    type: u8
    doc: General register R12.
  - id: r13
    type: u8
    doc: General register R13.
  - id: r14
    type: u8
    doc: General register R14.
  - id: r15
    type: u8
    doc: General register R15.
  - id: rip
    type: u8
    doc: Instruction pointer.
  - id: rflags
    type: u8
    doc: Flags register.
  - id: cs
    type: segment
    doc: Code segment.
  - id: ds
    type: segment
    doc: Data segment DS.
  - id: es
    type: segment
    doc: Data segment ES.
  - id: fs
    type: segment
    doc: Data segment FS.
  - id: gs
    type: segment
    doc: Data segment GS.
  - id: ss
    type: segment
    doc: Stack segment.
  - id: ldt
    type: segment
    doc: Local descriptor table register (LDTR).
  - id: tr
    type: segment
    doc: Task register.
  - id: gdt
    type: segment
    doc: Global descriptor table register; only base and limit are meaningful.
  - id: idt
    type: segment
    doc: Interrupt descriptor table register; only base and limit are meaningful.
  - id: cr0
    type: u8
    doc: Control register CR0 (PE, PG...).
  - id: cr1
    type: u8
    doc: CR1, reserved on x86; QEMU stores 0.
  - id: cr2
    type: u8
    doc: CR2, the last page-fault linear address.
  - id: cr3
    type: u8
    doc: CR3, the physical address of the root page table (and PCID or PWT/PCD bits).
  - id: cr4
    type: u8
    doc: Control register CR4 (PSE, PAE, LA57...).
  - id: kernel_gs_base
    type: u8
    if: _io.size >= 0x1b8
    doc: IA32_KERNEL_GS_BASE; absent from notes written before QEMU 4.2.
types:
  segment:
    doc: A segment register as QEMU's SegmentCache keeps it (QEMUCPUSegment, 24 bytes).
    -orig-id: QEMUCPUSegment
    seq:
      - id: selector
        type: u4
        doc: Selector value.
      - id: limit
        type: u4
        doc: Segment limit, already scaled by the granularity bit.
      - id: flags
        type: u4
        doc: |
          The descriptor's attribute bits in place, as in the descriptor's second dword:
          type at bit 8, S at 12, DPL at 13, P at 15, AVL at 20, L at 21, D/B at 22, G at 23.
      - id: pad
        type: u4
        doc: Padding, written as 0.
      - id: base
        type: u8
        doc: Segment base address.
