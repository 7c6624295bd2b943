meta:
  id: vbox_cpu_state
  title: VirtualBox vCPU register state (the VBCPU note), every format version and host
  application: VirtualBox (VBoxManage debugvm dumpvmcore / dumpguestcore)
  license: MIT
  ks-version: '0.10'
  endian: le
  imports:
    - vbox_cpumctx
    - x86_fxsave
    - x86_xsave_area
doc: |
  The registers of one vCPU from a "VBCPU" note (NT_VBOXCPU). What the note holds depends on
  the core format version and on the compiler of the host VirtualBox ran on:
    format 0x00010000 (4.0 - 4.3, 5.0.0 betas): the raw CPUMCTX of the release (vbox_cpumctx),
      0x400, 0x440, 0x240 or 0x300 bytes;
    format 0x00010002 (5.0.0 RC2 - 5.0.0): DBGFCORECPU, 0x2220 bytes;
    format 0x00010003 (5.0.2 - 5.1.0 beta 1): adds cbExt; 0x2230 bytes from gcc/clang hosts,
      0x2228 from Windows and 32-bit hosts;
    format 0x00010005 (5.1.0 beta 3 - 6.1.x): adds rflags, sysenter becomes three fields; 0x2240;
    format 0x00010006 (7.0 on): adds msrTscAux; 0x2250 (gcc/clang hosts) or 0x2248 (Windows).
  The format version and the note's size pick the layout (`layout`): a pair a release wrote names
  it exactly; a size a release wrote under another format version is decoded by the size; a size
  no release wrote falls back to the format version's DBGFCORECPU, when the note holds its fields
  and the 8 KiB XSAVE area (which always starts at n_descsz - 0x2000). The parameter is the
  format version of the dump's VBCORE descriptor (0 when it is unknown). Parses standalone from
  the note's descriptor bytes.
doc-ref:
  - https://www.virtualbox.org/browser/vbox/trunk/include/VBox/vmm/dbgfcorefmt.h (DBGFCORECPU, DBGFCORE_FMT_VERSION)
  - https://www.virtualbox.org/browser/vbox/trunk/src/VBox/VMM/VMMR3/DBGFCoreWrite.cpp (dbgfR3GetCoreCpu)
params:
  - id: format_version
    type: u4
    doc: DBGFCOREDESCRIPTOR.u32FmtVersion of the dump's VBCORE note; 0 when the note is missing.
seq:
  - id: body
    type:
      switch-on: layout
      cases:
        0x10000: vbox_cpumctx
        0x10002: dbgfcorecpu(2)
        0x10003: dbgfcorecpu(3)
        0x10005: dbgfcorecpu(5)
        0x10006: dbgfcorecpu(6)
    doc: The registers in the layout `layout` names (a `cpu_layout` value); absent when it is unknown.
# The layout instances are integers holding `cpu_layout` values, not enum-typed: generated Go
# returns nil from an enum-valued instance whose expression can fail (as reading _io.size can),
# which does not compile, and Java cannot switch on the 64-bit `_io.size` itself. Map a value to
# its name with the cpu_layout enum (CpuLayout(value) in Python, CpuLayout.byId in Java).
instances:
  layout_released:
    value: >-
      format_version == 0x10000 and (_io.size == 0x400 or _io.size == 0x440 or _io.size == 0x240 or _io.size == 0x300) ? 0x10000
      : format_version == 0x10002 and _io.size == 0x2220 ? 0x10002
      : format_version == 0x10003 and (_io.size == 0x2230 or _io.size == 0x2228) ? 0x10003
      : format_version == 0x10005 and _io.size == 0x2240 ? 0x10005
      : format_version == 0x10006 and (_io.size == 0x2250 or _io.size == 0x2248) ? 0x10006
      : 0
    doc: The `cpu_layout` of a release that wrote this format version at this note size (exact), or 0 (unknown).
    -ts-type: number
  layout_by_size:
    value: >-
      (_io.size == 0x400 or _io.size == 0x440 or _io.size == 0x240 or _io.size == 0x300) ? 0x10000
      : _io.size == 0x2220 ? 0x10002
      : (_io.size == 0x2230 or _io.size == 0x2228) ? 0x10003
      : _io.size == 0x2240 ? 0x10005
      : (_io.size == 0x2250 or _io.size == 0x2248) ? 0x10006
      : 0
    doc: The `cpu_layout` a release wrote at this note size, whatever the format version says, or 0 (unknown).
    -ts-type: number
  layout_by_version:
    value: >-
      format_version == 0x10002 and _io.size >= 0x2220 ? 0x10002
      : format_version == 0x10003 and _io.size >= 0x2228 ? 0x10003
      : format_version == 0x10005 and _io.size >= 0x2240 ? 0x10005
      : format_version == 0x10006 and _io.size >= 0x2248 ? 0x10006
      : 0
    doc: The format version's DBGFCORECPU (a `cpu_layout`) when the note is large enough to hold it, or 0 (unknown).
    -ts-type: number
  layout:
    value: >-
      layout_released != 0 ? layout_released
      : layout_by_size != 0 ? layout_by_size
      : layout_by_version
    doc: |
      The layout decoded, a `cpu_layout` value: the release's for this format version and size
      (exact); else the one a release wrote at this size (the format version contradicts it);
      else the format version's, with the XSAVE area in the last 8 KiB (a size no release wrote:
      inferred).
    -ts-type: number
enums:
  cpu_layout:
    0:
      id: unknown
      doc: Neither the size nor the format version names a layout; nothing is decoded.
    0x10000:
      id: cpumctx
      doc: Format 0x00010000, the raw CPUMCTX (VirtualBox 4.0 - 4.3; 5.0.0 betas).
    0x10002:
      id: dbgfcorecpu_v2
      doc: Format 0x00010002, the first DBGFCORECPU (5.0.0 RC2 - 5.0.0).
    0x10003:
      id: dbgfcorecpu_v3
      doc: Format 0x00010003, DBGFCORECPU with cbExt (5.0.2 - 5.0.x, 5.1.0 beta 1).
    0x10005:
      id: dbgfcorecpu_v5
      doc: Format 0x00010005, DBGFCORECPU with rflags (5.1.0 beta 3 - 6.1.x).
    0x10006:
      id: dbgfcorecpu_v6
      doc: Format 0x00010006, DBGFCORECPU with msrTscAux (7.0 on).
types:
  dbgfcorecpu:
    doc: |
      DBGFCORECPU of format 0x0001000<version>. Fields come and go by version; the offsets of
      each version are the same on every host, only the alignment of the XSAVE area differs.
    -orig-id: DBGFCORECPU
    params:
      - id: version
        type: u1
        doc: The minor part of the format version (2, 3, 5 or 6).
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
        if: version >= 5
        doc: Flags register (format 0x00010005 on; earlier formats do not store it).
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
        if: version >= 5
        doc: IA32_SYSENTER_CS (format 0x00010005 on).
        -orig-id: sysenter.cs
      - id: sysenter_eip
        type: u8
        if: version >= 5
        doc: IA32_SYSENTER_EIP (format 0x00010005 on).
        -orig-id: sysenter.eip
      - id: sysenter_esp
        type: u8
        doc: |
          IA32_SYSENTER_ESP. Before format 0x00010005 `sysenter` was an 8-byte union and the
          writer stored cs, eip and esp into it in turn, so only esp survives.
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
      - id: msr_tsc_aux
        type: u8
        if: version >= 6
        doc: IA32_TSC_AUX, what RDTSCP returns in ECX (format 0x00010006 on).
        -orig-id: msrTscAux
      - id: xcr
        type: u8
        repeat: expr
        repeat-expr: 2
        doc: Extended control registers XCR0 (which state components XSAVE manages) and XCR1.
        -orig-id: aXcr
      - id: ext_size
        type: u4
        if: version >= 3
        doc: Bytes of `ext` that hold state (format 0x00010003 on; before, all 8 KiB were copied).
        -orig-id: cbExt
      - id: padding0
        type: u4
        if: version >= 3
        doc: Padding.
        -orig-id: uPadding0
      - id: ext_alignment
        size: _io.size - 0x2000 - _io.pos
        doc: |
          Alignment before the XSAVE area: 8 bytes where the host compiler aligns it to 16 (gcc
          and clang on 64-bit hosts) and the fields end 8 bytes short of that, else none.
      - id: ext
        size: 0x2000
        type: 'x86_xsave_area(version >= 3 ? ext_size_unconditional : 0x2000)'
        doc: The FPU/SSE/AVX state, always the last 8 KiB of the note (its own stream, so that its components sit at their offsets).
        -orig-id: ext
    instances:
      ext_size_unconditional:
        pos: '0x220 + (version >= 5 ? 0x18 : 0) + (version >= 6 ? 8 : 0)'
        type: u4
        doc: |
          cbExt read again where `ext_size` is (after rflags from format 0x00010005, after
          msrTscAux from 0x00010006), without its `if`: in C# a conditional field is nullable,
          which the XSAVE area's parameter cannot take (the layout tool checks `ext_size` itself
          against the headers). Meaningless, and unused, before format 0x00010003.
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
