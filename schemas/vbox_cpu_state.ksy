meta:
  id: vbox_cpu_state
  title: VirtualBox vCPU register state (DBGFCORECPU, the VBCPU note), common prefix
  application: VirtualBox (VBoxManage debugvm dumpvmcore)
  license: MIT
  ks-version: '0.10'
  endian: le
doc: |
  The registers of one vCPU from a "VBCPU" note (NT_VBOXCPU), in the DBGFCORECPU layout:
  general registers, segment registers, control and debug registers, descriptor tables,
  SYSENTER state and the MSRs up to the APIC base, which every DBGFCORECPU version shares
  (0x228 bytes). Later fields (msrTscAux from format 0x00010006, XCR0/XCR1, the XSAVE area)
  move between versions and are not decoded here; the note itself is always stepped over by
  its n_descsz. Parses standalone from the note's descriptor bytes.
doc-ref:
  - https://www.virtualbox.org/browser/vbox/trunk/include/VBox/vmm/dbgfcorefmt.h (DBGFCORECPU)
  - https://www.virtualbox.org/browser/vbox/trunk/src/VBox/VMM/VMMR3/DBGFCoreWrite.cpp (dbgfR3GetCoreCpu)
seq:
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
  - id: rsp
    type: u8
    doc: Stack pointer.
  - id: rbp
    type: u8
    doc: Frame pointer.
  - id: rflags
    type: u8
    doc: Flags register.
  - id: cs
    type: segment
    doc: Code segment.
  - id: ds
    type: segment
    doc: Data segment.
  - id: es
    type: segment
    doc: Extra segment.
  - id: fs
    type: segment
    doc: FS segment.
  - id: gs
    type: segment
    doc: GS segment.
  - id: ss
    type: segment
    doc: Stack segment.
  - id: cr0
    type: u8
    doc: Control register 0 (PE, PG, WP...).
  - id: cr2
    type: u8
    doc: Control register 2, the last page-fault linear address.
  - id: cr3
    type: u8
    doc: Control register 3, the physical base of the guest's page tables at the time of the dump.
  - id: cr4
    type: u8
    doc: Control register 4 (PAE, PSE, LA57...).
  - id: dr
    type: u8
    repeat: expr
    repeat-expr: 8
    doc: Debug registers DR0 to DR7.
  - id: gdtr
    type: descriptor_table
    doc: Global descriptor table register.
  - id: idtr
    type: descriptor_table
    doc: Interrupt descriptor table register.
  - id: ldtr
    type: segment
    doc: Local descriptor table register.
  - id: tr
    type: segment
    doc: Task register.
  - id: sysenter_cs
    type: u8
    doc: IA32_SYSENTER_CS.
    -orig-id: sysenter.cs
  - id: sysenter_eip
    type: u8
    doc: IA32_SYSENTER_EIP.
    -orig-id: sysenter.eip
  - id: sysenter_esp
    type: u8
    doc: IA32_SYSENTER_ESP.
    -orig-id: sysenter.esp
  - id: msr_efer
    type: u8
    doc: IA32_EFER (LME, LMA, NXE...).
    -orig-id: msrEFER
  - id: msr_star
    type: u8
    doc: IA32_STAR.
    -orig-id: msrSTAR
  - id: msr_pat
    type: u8
    doc: IA32_PAT.
    -orig-id: msrPAT
  - id: msr_lstar
    type: u8
    doc: IA32_LSTAR, the 64-bit SYSCALL entry point.
    -orig-id: msrLSTAR
  - id: msr_cstar
    type: u8
    doc: IA32_CSTAR.
    -orig-id: msrCSTAR
  - id: msr_sfmask
    type: u8
    doc: IA32_FMASK.
    -orig-id: msrSFMASK
  - id: msr_kernel_gs_base
    type: u8
    doc: IA32_KERNEL_GS_BASE.
    -orig-id: msrKernelGSBase
  - id: msr_apic_base
    type: u8
    doc: IA32_APIC_BASE.
    -orig-id: msrApicBase
types:
  segment:
    doc: A segment register with its hidden part (DBGFCORESEL, 24 bytes).
    -orig-id: DBGFCORESEL
    seq:
      - id: base
        type: u8
        doc: Segment base address.
        -orig-id: uBase
      - id: limit
        type: u4
        doc: Segment limit.
        -orig-id: uLimit
      - id: attributes
        type: u4
        doc: Segment attributes (type, S, DPL, P, AVL, L, D/B, G).
        -orig-id: uAttr
      - id: selector
        type: u2
        doc: Selector value.
        -orig-id: uSel
      - id: reserved0
        type: u2
        doc: Reserved.
        -orig-id: uReserved0
      - id: reserved1
        type: u4
        doc: Reserved.
        -orig-id: uReserved1
  descriptor_table:
    doc: GDTR or IDTR (DBGFCOREXDTR, 16 bytes).
    -orig-id: DBGFCOREXDTR
    seq:
      - id: base
        type: u8
        doc: Linear base address of the table.
        -orig-id: uAddr
      - id: limit
        type: u4
        doc: Table limit in bytes.
        -orig-id: cb
      - id: reserved0
        type: u4
        doc: Reserved.
        -orig-id: uReserved0
