meta:
  id: vbox_elf64_header
  title: ELF64 file header of a VirtualBox guest core dump
  application: VirtualBox (VBoxManage debugvm dumpvmcore)
  file-extension: elf
  license: MIT
  ks-version: '0.10'
  endian: le
doc: |
  The 64-byte ELF header at offset 0 of a core written by `VBoxManage debugvm dumpvmcore`.
  Parses standalone from the first 64 bytes of the file. Only the identification magic is
  enforced here; class, byte order, type and sizes are checked by the library so that each
  problem gets its own error code. VirtualBox leaves `e_ident[EI_VERSION]` at 0, which a
  textbook parser rejects: this schema accepts it.
doc-ref:
  - https://www.virtualbox.org/browser/vbox/trunk/src/VBox/VMM/VMMR3/DBGFCoreWrite.cpp (Elf64WriteElfHdr)
  - https://refspecs.linuxfoundation.org/elf/gabi4+/ch4.eheader.html
seq:
  - id: ident
    type: identification
    doc: e_ident, the 16 identification bytes.
    -orig-id: e_ident
  - id: e_type
    type: u2
    enum: object_type
    doc: Object file type; VirtualBox writes ET_CORE.
    -orig-id: e_type
  - id: e_machine
    type: u2
    enum: machine
    doc: Host architecture of the VirtualBox build that wrote the core (EM_X86_64, or EM_386 from 32-bit hosts).
    -orig-id: e_machine
  - id: e_version
    type: u4
    doc: Object file version; VirtualBox writes EV_CURRENT (1).
    -orig-id: e_version
  - id: e_entry
    type: u8
    doc: Entry point; 0 in a core.
    -orig-id: e_entry
  - id: e_phoff
    type: u8
    doc: File offset of the program header table; VirtualBox writes 64 (right after this header).
    -orig-id: e_phoff
  - id: e_shoff
    type: u8
    doc: File offset of the section header table; 0, VirtualBox writes no sections.
    -orig-id: e_shoff
  - id: e_flags
    type: u4
    doc: Processor-specific flags; 0.
    -orig-id: e_flags
  - id: e_ehsize
    type: u2
    doc: Size of this header, 64.
    -orig-id: e_ehsize
  - id: e_phentsize
    type: u2
    doc: Size of one program header; must be 56 for the table to be read as ELF64 program headers.
    -orig-id: e_phentsize
  - id: e_phnum
    type: u2
    doc: Number of program headers, 1 PT_NOTE plus one PT_LOAD per guest-physical range (ranges capped at 65533).
    -orig-id: e_phnum
  - id: e_shentsize
    type: u2
    doc: Size of one section header; VirtualBox writes 64 although there are none.
    -orig-id: e_shentsize
  - id: e_shnum
    type: u2
    doc: Number of section headers; 0.
    -orig-id: e_shnum
  - id: e_shstrndx
    type: u2
    doc: Section name string table index; 0.
    -orig-id: e_shstrndx
types:
  # Not named `ident` like the field: C# gives a type and a member of one class one namespace.
  identification:
    doc: |
      The 16 identification bytes. Parses standalone, so that the class and byte order can be
      checked before the rest of the header is read in a layout that may not apply.
    seq:
      - id: magic
        contents: [0x7f, "ELF"]
        doc: ELF magic number, 7f 45 4c 46.
        -orig-id: EI_MAG0..EI_MAG3
      - id: file_class
        type: u1
        enum: file_class
        doc: Word size of the file; a VirtualBox core is ELFCLASS64.
        -orig-id: EI_CLASS
      - id: data_encoding
        type: u1
        enum: data_encoding
        doc: Byte order; a VirtualBox core is ELFDATA2LSB (little-endian).
        -orig-id: EI_DATA
      - id: header_version
        type: u1
        doc: ELF header version. VirtualBox never sets it and writes 0; standard files have 1. Both are accepted.
        -orig-id: EI_VERSION
      - id: os_abi
        type: u1
        doc: OS ABI; 0 (System V).
        -orig-id: EI_OSABI
      - id: abi_version
        type: u1
        doc: ABI version; 0.
        -orig-id: EI_ABIVERSION
      - id: padding
        size: 7
        doc: Unused padding of e_ident, zero.
        -orig-id: EI_PAD
enums:
  file_class:
    1:
      id: elf32
      -orig-id: ELFCLASS32
    2:
      id: elf64
      -orig-id: ELFCLASS64
  data_encoding:
    1:
      id: little_endian
      -orig-id: ELFDATA2LSB
    2:
      id: big_endian
      -orig-id: ELFDATA2MSB
  object_type:
    0:
      id: none
      -orig-id: ET_NONE
    1:
      id: relocatable
      -orig-id: ET_REL
    2:
      id: executable
      -orig-id: ET_EXEC
    3:
      id: shared
      -orig-id: ET_DYN
    4:
      id: core
      -orig-id: ET_CORE
  machine:
    3:
      id: x86
      -orig-id: EM_386
    62:
      id: x86_64
      -orig-id: EM_X86_64
