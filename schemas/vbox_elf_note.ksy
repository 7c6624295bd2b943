meta:
  id: vbox_elf_note
  title: One ELF note record as VirtualBox writes it
  application: VirtualBox (VBoxManage debugvm dumpvmcore)
  license: MIT
  ks-version: '0.10'
  endian: le
doc: |
  One record of the PT_NOTE segment. VirtualBox departs from the usual ELF note rules:
  `n_namesz` counts the name without its terminating NUL, and the name (with its NUL) and the
  descriptor are each padded with zeros to a multiple of 8, not 4. Records follow each other
  with no further alignment. The descriptor is kept as raw bytes and always stepped over by
  `n_descsz`, because the VBCPU descriptor grows between format versions; decode it with
  vbox_core_descriptor or vbox_cpu_state. Parses standalone at any record start.
doc-ref:
  - https://www.virtualbox.org/browser/vbox/trunk/src/VBox/VMM/VMMR3/DBGFCoreWrite.cpp (Elf64WriteNoteHdr)
  - https://www.virtualbox.org/browser/vbox/trunk/include/VBox/vmm/dbgfcorefmt.h
seq:
  - id: header
    type: note_header
    doc: The fixed 12-byte note header.
  - id: name
    type: str
    size: header.n_namesz
    encoding: ASCII
    doc: Owner name, "VBCORE" or "VBCPU".
  - id: name_padding
    size: header.name_padding_size
    doc: The name's terminating NUL and zero padding up to a multiple of 8.
  - id: descriptor
    size: header.n_descsz
    doc: The note's payload, raw; its layout depends on n_type.
  - id: descriptor_padding
    size: header.descriptor_padding_size
    doc: Zero padding of the descriptor up to a multiple of 8 (empty when n_descsz is aligned).
types:
  note_header:
    doc: |
      The fixed part of a note. Parses standalone, so that a reader can check `record_size`
      against the bytes left in the segment before reading name and descriptor (hostile
      sizes up to 2^32 - 1 must not reach a byte-array allocation).
    seq:
      - id: n_namesz
        type: u4
        doc: Length of the name in bytes, without the terminating NUL.
        -orig-id: n_namesz
      - id: n_descsz
        type: u4
        doc: Size of the descriptor in bytes (VirtualBox writes it already rounded up to 8).
        -orig-id: n_descsz
      - id: n_type
        type: u4
        enum: note_type
        doc: Note type; NT_VBOXCORE for the core descriptor, NT_VBOXCPU for a vCPU's registers.
        -orig-id: n_type
    instances:
      name_field_size:
        value: (n_namesz + 8) / 8 * 8
        -ts-type: number
        doc: Bytes taken by the name, its NUL and its padding to a multiple of 8.
      descriptor_field_size:
        value: (n_descsz + 7) / 8 * 8
        -ts-type: number
        doc: Bytes taken by the descriptor and its padding to a multiple of 8.
      name_padding_size:
        value: 8 - n_namesz % 8
        -ts-type: number
        doc: |
          Bytes after the name: its NUL and the zeros up to a multiple of 8 (1 to 8). Computed
          from n_namesz alone, so that statically typed targets (Go) do not subtract a u4 from
          the integer name_field_size.
      descriptor_padding_size:
        value: (8 - n_descsz % 8) % 8
        -ts-type: number
        doc: Zeros after the descriptor up to a multiple of 8 (0 to 7).
      record_size:
        value: 12 + name_field_size + descriptor_field_size
        -ts-type: number
        doc: Bytes of the whole note record; the next record starts this far on.
enums:
  note_type:
    0xb00:
      id: vbox_core
      doc: The DBGFCOREDESCRIPTOR, note name "VBCORE", always the first note.
      -orig-id: NT_VBOXCORE
    0xb01:
      id: vbox_cpu
      doc: One vCPU's register state, note name "VBCPU", one per vCPU.
      -orig-id: NT_VBOXCPU
