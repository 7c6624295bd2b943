meta:
  id: elf64_section_header
  title: One ELF64 section header (QEMU guest cores carry a few)
  application: QEMU (dump-guest-memory)
  license: MIT
  ks-version: '0.10'
  endian: le
doc: |
  One 64-byte entry of the section header table. VirtualBox cores have none (e_shnum 0). QEMU
  guest cores since 7.2 have a null section and a .shstrtab whose few bytes follow the last
  PT_LOAD; when a guest has more than 65534 ranges, section 0's sh_info holds the real
  program header count (PN_XNUM). A reader needs the sections' file extents to tell the
  string table from bytes appended to a dump. Parses standalone from a 64-byte window.
doc-ref:
  - https://refspecs.linuxfoundation.org/elf/gabi4+/ch4.sheader.html
  - https://gitlab.com/qemu-project/qemu/-/blob/v7.2.0/dump/dump.c (prepare_elf_section_hdrs)
seq:
  - id: sh_name
    type: u4
    doc: Offset of the section's name in the section name string table.
    -orig-id: sh_name
  - id: sh_type
    type: u4
    enum: section_type
    doc: Section type.
    -orig-id: sh_type
  - id: sh_flags
    type: u8
    doc: Section attribute flags.
    -orig-id: sh_flags
  - id: sh_addr
    type: u8
    doc: Address of the section in memory, 0 in cores.
    -orig-id: sh_addr
  - id: sh_offset
    type: u8
    doc: File offset of the section's bytes.
    -orig-id: sh_offset
  - id: sh_size
    type: u8
    doc: Size of the section in bytes (none in the file for SHT_NOBITS).
    -orig-id: sh_size
  - id: sh_link
    type: u4
    doc: Index of an associated section.
    -orig-id: sh_link
  - id: sh_info
    type: u4
    doc: Extra information; in section 0, the real e_phnum when e_phnum is PN_XNUM (0xffff).
    -orig-id: sh_info
  - id: sh_addralign
    type: u8
    doc: Alignment of the section.
    -orig-id: sh_addralign
  - id: sh_entsize
    type: u8
    doc: Size of one entry for sections of fixed-size entries.
    -orig-id: sh_entsize
enums:
  section_type:
    0:
      id: null_section
      doc: Unused entry (section 0 always is).
      -orig-id: SHT_NULL
    3:
      id: strtab
      doc: A string table, such as .shstrtab.
      -orig-id: SHT_STRTAB
    8:
      id: nobits
      doc: A section that occupies no bytes in the file.
      -orig-id: SHT_NOBITS
