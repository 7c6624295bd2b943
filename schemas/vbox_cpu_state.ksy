meta:
  id: vbox_cpu_state
  title: VirtualBox vCPU register state (DBGFCORECPU, the VBCPU note), every layout
  application: VirtualBox (VBoxManage debugvm dumpvmcore)
  license: MIT
  ks-version: '0.10'
  endian: le
doc: |
  The registers of one vCPU from a "VBCPU" note (NT_VBOXCPU), in the DBGFCORECPU layout.
  Every layout starts with the same 0x228 bytes: general registers, segment registers, control
  and debug registers, descriptor tables, SYSENTER state and the MSRs up to the APIC base. What
  follows depends on the format version, and the note's size tells the layouts apart, so this
  schema picks the tail by the size of its stream (the note's n_descsz bytes):
    0x2230 (formats up to 0x00010003, VirtualBox 5.0): the XSAVE area at 0x230;
    0x2240 (formats 0x00010004 and 0x00010005): XCR0/XCR1, the XSAVE size, the area at 0x240;
    0x2248 (format 0x00010006): IA32_TSC_AUX first, then as 0x2240, the area at 0x248.
  Any other size leaves `tail` empty: the prefix is still decoded. Parses standalone from the
  note's descriptor bytes.
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
  - id: tail
    type:
      switch-on: _io.size
      cases:
        0x2230: tail_2230
        0x2240: tail_2240
        0x2248: tail_2248
    doc: The fields after the common prefix, in the layout the descriptor size names.
types:
  tail_2230:
    doc: |
      The 0x2230-byte layout (VirtualBox 5.0, formats up to 0x00010003): nothing between the MSRs
      and the XSAVE area but alignment padding.
    seq:
      - id: padding
        size: 8
        doc: Alignment of the XSAVE area (8 bytes, not written with meaning).
      - id: ext
        type: xsave_area
        doc: The FPU/SSE/AVX state.
  tail_2240:
    doc: The 0x2240-byte layout (formats 0x00010004 and 0x00010005).
    seq:
      - id: xcr0
        type: u8
        doc: Extended control register XCR0 (which state components XSAVE manages).
        -orig-id: aXcr[0]
      - id: xcr1
        type: u8
        doc: Extended control register XCR1.
        -orig-id: aXcr[1]
      - id: ext_size
        type: u4
        doc: Bytes of `ext` that hold state (the guest's maximum XSAVE size); 0 when none.
        -orig-id: cbExt
      - id: padding0
        type: u4
        doc: Padding.
        -orig-id: uPadding0
      - id: ext
        type: xsave_area
        doc: The FPU/SSE/AVX state.
  tail_2248:
    doc: The 0x2248-byte layout (format 0x00010006), which inserts IA32_TSC_AUX after the APIC base.
    seq:
      - id: msr_tsc_aux
        type: u8
        doc: IA32_TSC_AUX (what RDTSCP returns in ECX; operating systems keep the CPU number there).
        -orig-id: msrTscAux
      - id: xcr0
        type: u8
        doc: Extended control register XCR0 (which state components XSAVE manages).
        -orig-id: aXcr[0]
      - id: xcr1
        type: u8
        doc: Extended control register XCR1.
        -orig-id: aXcr[1]
      - id: ext_size
        type: u4
        doc: Bytes of `ext` that hold state (the guest's maximum XSAVE size); 0 when none.
        -orig-id: cbExt
      - id: padding0
        type: u4
        doc: Padding.
        -orig-id: uPadding0
      - id: ext
        type: xsave_area
        doc: The FPU/SSE/AVX state.
  xsave_area:
    doc: The XSAVE area (X86XSAVEAREA, 8 KiB) - the legacy FXSAVE region, the XSAVE header, then extended components.
    -orig-id: X86XSAVEAREA
    doc-ref: https://www.virtualbox.org/browser/vbox/trunk/include/iprt/x86.h (X86FXSTATE, X86XSAVEHDR, X86XSAVEAREA)
    seq:
      - id: fcw
        type: u2
        doc: x87 FPU control word.
        -orig-id: FCW
      - id: fsw
        type: u2
        doc: x87 FPU status word.
        -orig-id: FSW
      - id: ftw
        type: u1
        doc: x87 FPU tag word, abridged (one bit per register, 1 = valid).
        -orig-id: FTW
      - id: reserved_ftw
        type: u1
        doc: Reserved (upper byte of the FTW field).
      - id: fop
        type: u2
        doc: Last x87 opcode.
        -orig-id: FOP
      - id: fpu_ip
        type: u4
        doc: Last x87 instruction pointer (low 32 bits).
        -orig-id: FPUIP
      - id: fpu_cs
        type: u2
        doc: Last x87 instruction's code selector.
        -orig-id: CS
      - id: reserved1
        type: u2
        doc: Reserved.
        -orig-id: Rsrvd1
      - id: fpu_dp
        type: u4
        doc: Last x87 data pointer (low 32 bits).
        -orig-id: FPUDP
      - id: fpu_ds
        type: u2
        doc: Last x87 data selector.
        -orig-id: DS
      - id: reserved2
        type: u2
        doc: Reserved.
        -orig-id: Rsrvd2
      - id: mxcsr
        type: u4
        doc: SSE control and status register.
        -orig-id: MXCSR
      - id: mxcsr_mask
        type: u4
        doc: Bits of MXCSR the CPU supports.
        -orig-id: MXCSR_MASK
      - id: st
        type: x87_register
        repeat: expr
        repeat-expr: 8
        doc: x87 registers ST0-ST7 (MM0-MM7), 16 bytes each.
        -orig-id: aRegs
      - id: xmm
        type: xmm_register
        repeat: expr
        repeat-expr: 16
        doc: SSE registers XMM0-XMM15.
        -orig-id: aXMM
      - id: reserved_rest
        size: 48
        doc: Reserved.
        -orig-id: au32RsrvdRest
      - id: reserved_software
        size: 48
        doc: Available to software.
        -orig-id: au32RsrvdForSoftware
      - id: xstate_bv
        type: u8
        doc: XSAVE header XSTATE_BV, the state components present in the area.
        -orig-id: Hdr.bmXState
      - id: xcomp_bv
        type: u8
        doc: XSAVE header XCOMP_BV (bit 63 set for the compacted format).
        -orig-id: Hdr.bmXComp
      - id: reserved_header
        size: 48
        doc: Reserved part of the XSAVE header.
        -orig-id: Hdr.au64Reserved
      - id: extended
        size: 7616
        doc: Extended state components (AVX upper halves and later), laid out as XCR0 and XCOMP_BV say.
        -orig-id: u.ab
  x87_register:
    doc: One x87 register slot (X86FPUREG, 16 bytes) - an 80-bit value and padding.
    -orig-id: X86FPUREG
    seq:
      - id: mantissa
        type: u8
        doc: Significand (also the MMX register value).
      - id: sign_exponent
        type: u2
        doc: Sign bit and 15-bit exponent.
      - id: reserved
        size: 6
        doc: Padding to 16 bytes.
  xmm_register:
    doc: One 128-bit SSE register (X86XMMREG).
    -orig-id: X86XMMREG
    seq:
      - id: low
        type: u8
        doc: Bits 0-63.
      - id: high
        type: u8
        doc: Bits 64-127.
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
