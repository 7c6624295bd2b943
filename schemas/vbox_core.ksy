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
    doc: |
      The ELF64 header. DBGFCoreWrite puts the program header table right after it (e_phoff 64)
      and the notes right after the table; this whole-file view reads them in that order
      (positions taken from the header would be unsigned 64-bit values, which C# streams do not
      seek to). `laid_out_as_virtualbox_writes` says whether that holds.
  - id: program_headers
    type: vbox_elf64_program_header
    repeat: expr
    repeat-expr: header.e_phnum
    doc: The program header table, PT_NOTE first, then one PT_LOAD per guest-physical range.
  - id: note_segment
    size: program_headers[0].p_filesz
    type: note_records
    if: program_headers[0].p_type == vbox_elf64_program_header::segment_type::note
    doc: The notes, when the first program header is the PT_NOTE (as VirtualBox writes it, right after the table).
instances:
  laid_out_as_virtualbox_writes:
    value: header.e_phoff == 64 and header.e_phentsize == 56
    -ts-type: boolean
    doc: |
      Whether the program header table follows the ELF header, as this view reads it (a check
      rather than a `valid:`, which some targets cannot generate for a user type).
types:
  # Not named `note_segment` like the instance: C# gives a type and a member of one class one namespace.
  note_records:
    doc: The records of the PT_NOTE segment, VBCORE first, then one VBCPU per vCPU.
    seq:
      - id: notes
        type: vbox_elf_note
        repeat: eos
        doc: Note records, back to back.
