meta:
  id: x86_xsave_area
  title: x86 XSAVE area (VirtualBox's X86XSAVEAREA, 8 KiB) with its standard-format components
  application: x86 processors; VirtualBox's DBGFCORECPU
  license: MIT
  ks-version: '0.10'
  endian: le
  imports:
    - x86_fxsave
doc: |
  The area XSAVE writes, as DBGFCORECPU keeps it (always the last 8 KiB of a VBCPU note of
  formats 0x10002 on): the legacy FXSAVE region, the XSAVE header, then the extended state
  components. In the standard (non-compacted) format each component sits at the offset CPUID
  leaf 0xD gives; the dump does not record CPUID, so the offsets used here are inferred: the
  ones Intel documents and VirtualBox's X86XSAVEAREA names as the "typical layout on Intel
  CPUs" (AVX's upper halves of YMM0-15 at 0x240, MPX at 0x3c0, AVX-512's opmask at 0x440, upper
  halves of ZMM0-15 at 0x480 and ZMM16-31 at 0x680). A component is decoded when XSTATE_BV marks it present, the
  area is in the standard format (XCOMP_BV bit 63 clear) and the state VirtualBox copied
  (cbExt) reaches its end. Parses standalone from the 8 KiB.
doc-ref:
  - Intel SDM vol. 1, 13.4 (XSAVE area) and 13.5 (state components)
  - https://www.virtualbox.org/browser/vbox/trunk/include/iprt/x86.h (X86XSAVEAREA, X86XSAVEYMMHI, X86XSAVEOPMASK, X86XSAVEZMMHI256, X86XSAVEZMM16HI)
-orig-id: X86XSAVEAREA
params:
  - id: state_size
    type: u4
    doc: Bytes of the area holding state (DBGFCORECPU's cbExt; 0x2000 where a format copied all of it).
seq:
  - id: legacy
    type: x86_fxsave
    doc: The legacy region, laid out as FXSAVE writes it (x87, MXCSR, XMM0-15).
    -orig-id: x87
  - id: xstate_bv
    type: u8
    doc: XSAVE header XSTATE_BV, the state components present in the area (bit 2 AVX, 5-7 AVX-512).
    -orig-id: Hdr.bmXState
  - id: xcomp_bv
    type: u8
    doc: XSAVE header XCOMP_BV (bit 63 set for the compacted format, whose components are not at fixed offsets).
    -orig-id: Hdr.bmXComp
  - id: reserved_header
    size: 48
    doc: Reserved part of the XSAVE header.
    -orig-id: Hdr.au64Reserved
  - id: extended
    size: 7616
    doc: Extended state components, as XSTATE_BV and XCOMP_BV say (decoded by the instances below).
    -orig-id: u.ab
instances:
  xstate_bv_low:
    pos: 0x200
    type: u4
    doc: The low half of XSTATE_BV (components 0-31), read apart so that every target tests its bits alike.
  xcomp_bv_high:
    pos: 0x20c
    type: u4
    doc: The high half of XCOMP_BV (bit 31 of it is the compacted-format bit 63).
  standard_format:
    value: (xcomp_bv_high & 0x80000000) == 0
    -ts-type: boolean
    doc: Whether the components sit at their standard offsets (XCOMP_BV bit 63 clear).
  has_ymm_hi128:
    value: standard_format and (xstate_bv_low & 0x4) != 0 and state_size >= 0x340
    -ts-type: boolean
    doc: Whether AVX's upper halves are present and within the copied state.
  ymm_hi128:
    pos: 0x240
    type: upper_half
    repeat: expr
    repeat-expr: 16
    if: has_ymm_hi128
    doc: Bits 128-255 of YMM0-YMM15 (their low halves are XMM0-15 in the legacy region).
    -orig-id: u.Intel.YmmHi.aYmmHi
  has_opmask:
    value: standard_format and (xstate_bv_low & 0x20) != 0 and state_size >= 0x480
    -ts-type: boolean
    doc: Whether AVX-512's opmask registers are present and within the copied state.
  opmask:
    pos: 0x440
    type: u8
    repeat: expr
    repeat-expr: 8
    if: has_opmask
    doc: AVX-512 opmask registers k0-k7.
    -orig-id: u.Intel.Opmask.aKRegs
  has_zmm_hi256:
    value: standard_format and (xstate_bv_low & 0x40) != 0 and state_size >= 0x680
    -ts-type: boolean
    doc: Whether the upper halves of ZMM0-15 are present and within the copied state.
  zmm_hi256:
    pos: 0x480
    type: u8
    repeat: expr
    repeat-expr: 64
    if: has_zmm_hi256
    doc: Bits 256-511 of ZMM0-ZMM15, four 64-bit words each, low word first.
    -orig-id: u.Intel.ZmmHi256.aHi256Regs
  has_hi16_zmm:
    value: standard_format and (xstate_bv_low & 0x80) != 0 and state_size >= 0xa80
    -ts-type: boolean
    doc: Whether ZMM16-31 are present and within the copied state.
  hi16_zmm:
    pos: 0x680
    type: u8
    repeat: expr
    repeat-expr: 128
    if: has_hi16_zmm
    doc: ZMM16-ZMM31 whole, eight 64-bit words each, low word first.
    -orig-id: u.Intel.Zmm16Hi.aRegs
types:
  upper_half:
    doc: Bits 128-255 of one YMM register (X86XSAVEYMMHI's element, 16 bytes).
    -orig-id: RTUINT128U
    seq:
      - id: low
        type: u8
        doc: Bits 128-191.
      - id: high
        type: u8
        doc: Bits 192-255.
