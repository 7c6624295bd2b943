meta:
  id: vbox_cpumctx
  title: VirtualBox 4.x vCPU register state (the raw CPUMCTX in VBCPU notes of format 0x00010000)
  application: VirtualBox 4.0 - 4.3 (VBoxManage debugvm dumpguestcore); 5.0.0 beta builds
  license: MIT
  ks-version: '0.10'
  endian: le
  imports:
    - x86_fxsave
doc: |
  Format 0x00010000 copied the VMM's own CPU context structure, CPUMCTX, into each VBCPU note.
  CPUMCTX is packed (identical on 32- and 64-bit hosts) and changed between releases, so the
  note's size tells the layouts apart:
    0x400 (4.0.x, 4.1.x): FXSAVE image, general registers in the order rdi rsi rbp rax rbx rdx
      rcx rsp, 16-bit selectors with their hidden parts kept apart, no APIC base;
    0x440 (4.2.x, 4.3.x): FXSAVE image, then general registers rax rcx rdx rbx rsp rbp rsi rdi,
      24-byte segment registers (CPUMSELREG), rip, rflags, and (4.3) the APIC base;
    0x240, 0x300 (5.0.0 beta 1, beta 2 - RC1): the 4.2 register block without the FPU state
      (host pointers took its place); beta 2 added XCR0/XCR1.
  Any other size leaves `body` empty. Offsets were read from each release's headers compiled
  (see the format notes), not counted by eye. Parses standalone from the note's descriptor bytes.
doc-ref:
  - https://www.virtualbox.org/browser/vbox/trunk/include/VBox/vmm/cpumctx.h (CPUMCTX, CPUMSELREG; include/VBox/cpum.h in 4.0)
  - https://www.virtualbox.org/browser/vbox/trunk/src/VBox/VMM/VMMR3/DBGFCoreWrite.cpp (the writer)
-orig-id: CPUMCTX
seq:
  - id: body
    type:
      switch-on: layout
      cases:
        0x400: cpumctx_v4_0
        0x440: cpumctx_v4_2
        0x240: cpumctx_v5_0_beta(false)
        0x300: cpumctx_v5_0_beta(true)
    doc: The CPUMCTX of the release the note's size names.
# An integer holding a `cpumctx_layout` value rather than an enum-typed instance: generated Go
# cannot return an enum from an instance whose expression can fail (reading _io.size can).
instances:
  layout:
    value: >-
      _io.size == 0x400 ? 0x400
      : _io.size == 0x440 ? 0x440
      : _io.size == 0x240 ? 0x240
      : _io.size == 0x300 ? 0x300
      : 0
    doc: Which release's CPUMCTX the note holds, a `cpumctx_layout` value named by its size (0, unknown, for any other size).
    -ts-type: number
enums:
  cpumctx_layout:
    0:
      id: unknown
      doc: A size no release wrote; nothing is decoded.
    0x400:
      id: v4_0
      doc: VirtualBox 4.0.x and 4.1.x.
    0x440:
      id: v4_2
      doc: VirtualBox 4.2.x and 4.3.x.
    0x240:
      id: v5_0_beta1
      doc: VirtualBox 5.0.0 beta 1 (pre-release).
    0x300:
      id: v5_0_beta2
      doc: VirtualBox 5.0.0 beta 2 to RC1 (pre-release).
types:
  cpumctx_v4_0:
    doc: CPUMCTX of VirtualBox 4.0 and 4.1 (0x400 bytes, #pragma pack(1)).
    seq:
      - id: fpu
        type: x86_fxsave
        doc: The FXSAVE image (x87, MXCSR, XMM0-15).
        -orig-id: fpu
      - id: rdi
        type: u8
        doc: General register RDI.
      - id: rsi
        type: u8
        doc: General register RSI.
      - id: rbp
        type: u8
        doc: Frame pointer.
      - id: rax
        type: u8
        doc: General register RAX.
      - id: rbx
        type: u8
        doc: General register RBX.
      - id: rdx
        type: u8
        doc: General register RDX.
      - id: rcx
        type: u8
        doc: General register RCX.
      - id: rsp
        type: u8
        doc: Stack pointer.
      - id: lss_esp
        type: u4
        doc: Room the raw-mode world switcher's `lss esp` needed; not guest state.
        -orig-id: lss_esp
      - id: ss
        type: u2
        doc: Stack segment selector (hidden part in ss_hid).
      - id: ss_padding
        type: u2
        doc: Padding.
        -orig-id: ssPadding
      - id: gs
        type: u2
        doc: GS selector.
      - id: gs_padding
        type: u2
        doc: Padding.
        -orig-id: gsPadding
      - id: fs
        type: u2
        doc: FS selector.
      - id: fs_padding
        type: u2
        doc: Padding.
        -orig-id: fsPadding
      - id: es
        type: u2
        doc: ES selector.
      - id: es_padding
        type: u2
        doc: Padding.
        -orig-id: esPadding
      - id: ds
        type: u2
        doc: DS selector.
      - id: ds_padding
        type: u2
        doc: Padding.
        -orig-id: dsPadding
      - id: cs
        type: u2
        doc: Code segment selector.
      - id: cs_padding
        size: 6
        doc: Padding to 8-byte alignment.
        -orig-id: csPadding
      - id: rflags
        type: u8
        doc: Flags register.
      - id: rip
        type: u8
        doc: Instruction pointer.
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
      - id: es_hid
        type: hidden_selector
        doc: Hidden part of ES.
        -orig-id: esHid
      - id: cs_hid
        type: hidden_selector
        doc: Hidden part of CS.
        -orig-id: csHid
      - id: ss_hid
        type: hidden_selector
        doc: Hidden part of SS.
        -orig-id: ssHid
      - id: ds_hid
        type: hidden_selector
        doc: Hidden part of DS.
        -orig-id: dsHid
      - id: fs_hid
        type: hidden_selector
        doc: Hidden part of FS.
        -orig-id: fsHid
      - id: gs_hid
        type: hidden_selector
        doc: Hidden part of GS.
        -orig-id: gsHid
      - id: cr0
        type: u8
        doc: Control register 0.
      - id: cr2
        type: u8
        doc: Control register 2, the last page-fault linear address.
      - id: cr3
        type: u8
        doc: Control register 3, the physical base of the guest's page tables.
      - id: cr4
        type: u8
        doc: Control register 4.
      - id: dr
        type: u8
        repeat: expr
        repeat-expr: 8
        doc: Debug registers DR0 to DR7.
      - id: gdtr
        type: packed_xdtr
        doc: Global descriptor table register.
      - id: gdtr_padding
        type: u2
        doc: Padding.
        -orig-id: gdtrPadding
      - id: idtr
        type: packed_idtr
        doc: Interrupt descriptor table register.
      - id: idtr_padding
        type: u2
        doc: Padding.
        -orig-id: idtrPadding
      - id: ldtr
        type: u2
        doc: LDT selector (hidden part in ldtr_hid).
      - id: ldtr_padding
        type: u2
        doc: Padding.
        -orig-id: ldtrPadding
      - id: tr
        type: u2
        doc: Task register selector (hidden part in tr_hid).
      - id: tr_padding
        type: u2
        doc: Padding.
        -orig-id: trPadding
      - id: sys_enter
        type: cpum_sysenter
        doc: The SYSENTER MSRs.
        -orig-id: SysEnter
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
        doc: IA32_LSTAR.
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
        -orig-id: msrKERNELGSBASE
      - id: ldtr_hid
        type: hidden_selector
        doc: Hidden part of LDTR.
        -orig-id: ldtrHid
      - id: tr_hid
        type: hidden_selector
        doc: Hidden part of TR.
        -orig-id: trHid
  cpumctx_v4_2:
    doc: CPUMCTX of VirtualBox 4.2 and 4.3 (0x440 bytes).
    seq:
      - id: fpu
        type: x86_fxsave
        doc: The FXSAVE image (x87, MXCSR, XMM0-15).
        -orig-id: fpu
      - id: registers
        type: register_block
        doc: Everything from RAX to the APIC base.
      - id: size_padding
        size: 0x18
        doc: Padding to 0x440 bytes.
        -orig-id: au32SizePadding
  cpumctx_v5_0_beta:
    doc: CPUMCTX of the VirtualBox 5.0.0 pre-releases (0x240 or 0x300 bytes), without FPU state.
    params:
      - id: has_xcr
        type: bool
        doc: Whether XCR0/XCR1 follow the register block (beta 2 on).
    seq:
      - id: registers
        type: register_block
        doc: Everything from RAX to the APIC base.
      - id: xcr
        type: u8
        repeat: expr
        repeat-expr: 2
        if: has_xcr
        doc: XCR0 and XCR1.
        -orig-id: aXcr
      - id: rest
        size-eos: true
        doc: Host-side fields and padding; not guest state.
  register_block:
    doc: |
      The part of CPUMCTX from RAX to the APIC base that 4.2, 4.3 and the 5.0 betas share
      (0x228 bytes; at 0x200 in 4.2/4.3, at 0 in the 5.0 betas).
    seq:
      - id: rax
        type: u8
        doc: General register RAX.
      - id: rcx
        type: u8
        doc: General register RCX.
      - id: rdx
        type: u8
        doc: General register RDX.
      - id: rbx
        type: u8
        doc: General register RBX.
      - id: rsp
        type: u8
        doc: Stack pointer.
      - id: rbp
        type: u8
        doc: Frame pointer.
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
      - id: es
        type: cpum_sel_reg
        doc: Extra segment.
      - id: cs
        type: cpum_sel_reg
        doc: Code segment.
      - id: ss
        type: cpum_sel_reg
        doc: Stack segment.
      - id: ds
        type: cpum_sel_reg
        doc: Data segment.
      - id: fs
        type: cpum_sel_reg
        doc: FS segment.
      - id: gs
        type: cpum_sel_reg
        doc: GS segment.
      - id: rip
        type: u8
        doc: Instruction pointer.
      - id: rflags
        type: u8
        doc: Flags register.
      - id: cr0
        type: u8
        doc: Control register 0.
      - id: cr2
        type: u8
        doc: Control register 2, the last page-fault linear address.
      - id: cr3
        type: u8
        doc: Control register 3, the physical base of the guest's page tables.
      - id: cr4
        type: u8
        doc: Control register 4.
      - id: dr
        type: u8
        repeat: expr
        repeat-expr: 8
        doc: Debug registers DR0 to DR7.
      - id: gdtr_padding
        size: 6
        doc: Padding that aligns the table base.
        -orig-id: gdtrPadding
      - id: gdtr
        type: packed_xdtr
        doc: Global descriptor table register.
      - id: idtr_padding
        size: 6
        doc: Padding that aligns the table base.
        -orig-id: idtrPadding
      - id: idtr
        type: packed_idtr
        doc: Interrupt descriptor table register.
      - id: ldtr
        type: cpum_sel_reg
        doc: LDT register.
      - id: tr
        type: cpum_sel_reg
        doc: Task register.
      - id: sys_enter
        type: cpum_sysenter
        doc: The SYSENTER MSRs.
        -orig-id: SysEnter
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
        doc: IA32_LSTAR.
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
        -orig-id: msrKERNELGSBASE
      - id: msr_apic_base
        type: u8
        doc: IA32_APIC_BASE in 4.3 and the 5.0 betas; in 4.2 these bytes are the start of the size padding (zero).
        -orig-id: msrApicBase
  hidden_selector:
    doc: The hidden part of a segment register in 4.0/4.1 (CPUMSELREGHID, 16 bytes).
    -orig-id: CPUMSELREGHID
    seq:
      - id: base
        type: u8
        doc: Segment base address.
        -orig-id: u64Base
      - id: limit
        type: u4
        doc: Segment limit.
        -orig-id: u32Limit
      - id: attributes
        type: u4
        doc: Segment attributes (type 0-3, S 4, DPL 5-6, P 7, AVL 12, L 13, D/B 14, G 15, unusable 16).
        -orig-id: Attr
  cpum_sel_reg:
    doc: A segment register with its hidden part in 4.2 on (CPUMSELREG, 24 bytes).
    -orig-id: CPUMSELREG
    seq:
      - id: selector
        type: u2
        doc: Selector value.
        -orig-id: Sel
      - id: padding_selector
        type: u2
        doc: Padding.
        -orig-id: PaddingSel
      - id: valid_selector
        type: u2
        doc: The selector the hidden part was loaded for (valid when flags say so).
        -orig-id: ValidSel
      - id: flags
        type: u2
        doc: CPUMSELREG_FLAGS_XXX (bit 0, valid; bit 1, stale).
        -orig-id: fFlags
      - id: base
        type: u8
        doc: Segment base address.
        -orig-id: u64Base
      - id: limit
        type: u4
        doc: Segment limit.
        -orig-id: u32Limit
      - id: attributes
        type: u4
        doc: Segment attributes (type 0-3, S 4, DPL 5-6, P 7, AVL 12, L 13, D/B 14, G 15, unusable 16).
        -orig-id: Attr
  packed_xdtr:
    doc: GDTR as CPUMCTX packs it (VBOXGDTR, 10 bytes; the base is not aligned).
    -orig-id: VBOXGDTR
    seq:
      - id: limit
        type: u2
        doc: Table limit in bytes.
        -orig-id: cbGdt
      - id: base
        type: u8
        doc: Linear base address of the table.
        -orig-id: pGdt
  packed_idtr:
    doc: IDTR as CPUMCTX packs it (VBOXIDTR, 10 bytes; the same layout as VBOXGDTR, its own member names).
    -orig-id: VBOXIDTR
    seq:
      - id: limit
        type: u2
        doc: Table limit in bytes.
        -orig-id: cbIdt
      - id: base
        type: u8
        doc: Linear base address of the table.
        -orig-id: pIdt
  cpum_sysenter:
    doc: The SYSENTER MSRs (CPUMSYSENTER, 24 bytes).
    -orig-id: CPUMSYSENTER
    seq:
      - id: cs
        type: u8
        doc: IA32_SYSENTER_CS.
      - id: eip
        type: u8
        doc: IA32_SYSENTER_EIP.
      - id: esp
        type: u8
        doc: IA32_SYSENTER_ESP.
