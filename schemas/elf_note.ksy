meta:
  id: elf_note
  title: One ELF note record in the standard layout (QEMU, Linux and other core writers)
  application: QEMU (dump-guest-memory), Linux kdump, process core dumps
  license: MIT
  ks-version: '0.10'
  endian: le
doc: |
  One record of a PT_NOTE segment as the ELF specification lays it out, and as every core
  writer but VirtualBox follows: `n_namesz` counts the name's terminating NUL, and the name and
  the descriptor are each padded with zeros to a multiple of 4. (VirtualBox's records differ:
  see vbox_elf_note.) The descriptor is kept as raw bytes and stepped over by `n_descsz`;
  decode it by name and type, for example with elf_prstatus_x86 or qemu_cpu_state. Parses
  standalone at any record start.
doc-ref:
  - https://refspecs.linuxfoundation.org/elf/gabi4+/ch5.pheader.html (Note Section)
  - https://gitlab.com/qemu-project/qemu/-/blob/v7.2.0/dump/dump.c (write_elf64_notes)
seq:
  - id: header
    type: note_header
    doc: The fixed 12-byte note header.
  - id: name
    type: strz
    size: header.n_namesz
    encoding: ASCII
    doc: Owner name, "CORE", "QEMU" or "VMCOREINFO" in QEMU cores; its NUL is counted by n_namesz.
  - id: name_padding
    size: header.name_padding_size
    doc: Zero padding of the name up to a multiple of 4.
  - id: descriptor
    size: header.n_descsz
    doc: The note's payload, raw; its layout depends on the name and n_type.
  - id: descriptor_padding
    size: header.descriptor_padding_size
    doc: Zero padding of the descriptor up to a multiple of 4.
types:
  note_header:
    doc: |
      The fixed part of a note. Parses standalone, so that a reader can check `record_size`
      against the bytes left in the segment before reading name and descriptor.
    seq:
      - id: n_namesz
        type: u4
        doc: Length of the name in bytes, including the terminating NUL.
        -orig-id: n_namesz
      - id: n_descsz
        type: u4
        doc: Size of the descriptor in bytes, without padding.
        -orig-id: n_descsz
      - id: n_type
        type: u4
        doc: Note type, meaningful together with the name (NT_PRSTATUS is 1 under "CORE"; QEMU's own note has 0).
        -orig-id: n_type
    instances:
      name_field_size:
        value: (n_namesz + 3) / 4 * 4
        -ts-type: number
        doc: Bytes taken by the name and its padding to a multiple of 4.
      descriptor_field_size:
        value: (n_descsz + 3) / 4 * 4
        -ts-type: number
        doc: Bytes taken by the descriptor and its padding to a multiple of 4.
      record_size:
        value: 12 + name_field_size + descriptor_field_size
        -ts-type: number
        doc: Bytes of the whole note record; the next record starts this far on.
      name_padding_size:
        value: (4 - n_namesz % 4) % 4
        -ts-type: number
        doc: |
          Zeros after the name (its NUL counted in n_namesz) up to a multiple of 4 (0 to 3).
          Computed from n_namesz alone, so that statically typed targets (Go) do not subtract a
          u4 from the integer name_field_size.
      descriptor_padding_size:
        value: (4 - n_descsz % 4) % 4
        -ts-type: number
        doc: Zeros after the descriptor up to a multiple of 4 (0 to 3).
