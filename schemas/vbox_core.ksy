meta:
  id: vbox_core
  title: VirtualBox guest core dump (VBoxManage debugvm dumpvmcore)
  application: VirtualBox
  file-extension: elf
  license: MIT
  ks-version: '0.10'
  endian: le
  imports:
    - vbox_elf64_header
    - vbox_elf64_program_header
    - vbox_elf_note
doc: |
  A whole VirtualBox guest core: ELF64 header, program header table, and the notes of the
  PT_NOTE segment. Meant for small dumps in the Kaitai Web IDE and for other languages; the
  vboxcore library parses the pieces standalone from small windows and never maps a whole
  file. Memory contents are not parsed: each PT_LOAD's bytes are at its p_offset.
doc-ref: https://www.virtualbox.org/browser/vbox/trunk/src/VBox/VMM/VMMR3/DBGFCoreWrite.cpp
seq:
  - id: header
    type: vbox_elf64_header
    doc: The ELF64 header.
instances:
  program_headers:
    pos: header.e_phoff
    type: vbox_elf64_program_header
    repeat: expr
    repeat-expr: header.e_phnum
    doc: The program header table, PT_NOTE first, then one PT_LOAD per guest-physical range.
  note_segment:
    pos: program_headers[0].p_offset
    size: program_headers[0].p_filesz
    type: note_segment
    if: program_headers[0].p_type == vbox_elf64_program_header::segment_type::note
    doc: The notes, when the first program header is the PT_NOTE (as VirtualBox writes it).
types:
  note_segment:
    doc: The records of the PT_NOTE segment, VBCORE first, then one VBCPU per vCPU.
    seq:
      - id: notes
        type: vbox_elf_note
        repeat: eos
        doc: Note records, back to back.
