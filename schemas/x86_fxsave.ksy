meta:
  id: x86_fxsave
  title: x86 FXSAVE image (the legacy region of an XSAVE area), 512 bytes
  application: x86 processors; VirtualBox's X86FXSTATE
  license: MIT
  ks-version: '0.10'
  endian: le
doc: |
  The 512-byte image FXSAVE writes: the x87 FPU environment, MXCSR, the eight x87/MMX registers
  and the sixteen XMM registers. VirtualBox keeps it at the start of CPUMCTX (formats 0x00010000)
  and at the start of the XSAVE area of DBGFCORECPU (formats 0x00010002 on). Parses standalone
  from the 512 bytes.
doc-ref:
  - Intel SDM vol. 1, 10.5.1 (FXSAVE area layout)
  - https://www.virtualbox.org/browser/vbox/trunk/include/iprt/x86.h (X86FXSTATE)
-orig-id: X86FXSTATE
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
    type: u2
    doc: |
      x87 FPU tag word as VirtualBox declares it (uint16_t FTW): the abridged tag (one bit per
      register, 1 = valid) in the low byte; FXSAVE leaves the high byte reserved (zero).
    -orig-id: FTW
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
types:
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
