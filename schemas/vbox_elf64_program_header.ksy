meta:
  id: vbox_elf64_program_header
  title: One ELF64 program header of a VirtualBox guest core dump
  application: VirtualBox (VBoxManage debugvm dumpvmcore)
  license: MIT
  ks-version: '0.10'
  endian: le
doc: |
  One 56-byte entry of the program header table. VirtualBox writes one PT_NOTE first, then
  one PT_LOAD per guest-physical range in address order. For a PT_LOAD, `p_paddr` is the guest
  physical address, `p_offset` the place of its bytes in the file and `p_memsz` its size.
  MMIO ranges have `p_filesz` = 0 (no bytes in the file) and share the next range's offset.
  `p_vaddr` and `p_align` are 0, which general ELF tools may question; both are accepted.
  Parses standalone from a 56-byte window, so the table of a huge file is read entry by entry.
doc-ref:
  - https://www.virtualbox.org/browser/vbox/trunk/src/VBox/VMM/VMMR3/DBGFCoreWrite.cpp (Elf64WriteProgHdr)
  - https://refspecs.linuxfoundation.org/elf/gabi4+/ch5.pheader.html
seq:
  - id: p_type
    type: u4
    enum: segment_type
    doc: Segment type; PT_NOTE for the note segment, PT_LOAD for a guest-physical range.
    -orig-id: p_type
  - id: p_flags
    type: u4
    doc: Segment permissions; VirtualBox writes PF_R (4).
    -orig-id: p_flags
  - id: p_offset
    type: u8
    doc: File offset of the segment's bytes.
    -orig-id: p_offset
  - id: p_vaddr
    type: u8
    doc: Virtual address; VirtualBox writes 0.
    -orig-id: p_vaddr
  - id: p_paddr
    type: u8
    doc: Guest-physical start address of the range (0 for the PT_NOTE).
    -orig-id: p_paddr
  - id: p_filesz
    type: u8
    doc: Bytes of the segment present in the file; equals p_memsz, or 0 for an MMIO range.
    -orig-id: p_filesz
  - id: p_memsz
    type: u8
    doc: Size of the guest-physical range in bytes.
    -orig-id: p_memsz
  - id: p_align
    type: u8
    doc: Alignment; VirtualBox writes 0.
    -orig-id: p_align
enums:
  segment_type:
    0:
      id: null_segment
      -orig-id: PT_NULL
    1:
      id: load
      -orig-id: PT_LOAD
    2:
      id: dynamic
      -orig-id: PT_DYNAMIC
    3:
      id: interp
      -orig-id: PT_INTERP
    4:
      id: note
      -orig-id: PT_NOTE
    6:
      id: phdr
      -orig-id: PT_PHDR
