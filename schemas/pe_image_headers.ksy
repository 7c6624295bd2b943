meta:
  id: pe_image_headers
  title: PE image headers (DOS header, NT headers, section table) of an image mapped in memory
  application: Windows kernel and driver images (ntoskrnl.exe) as loaded in a guest
  license: MIT
  ks-version: '0.10'
  endian: le
doc: |
  The headers at the start of a loaded PE image: the DOS header whose e_lfanew points at the
  NT headers ("PE\0\0", the COFF file header, the optional header with its data directories)
  and the section table. vboxcore reads them from the first page of a Windows kernel image
  found through the vCPU's page tables, to name the kernel and its debug record. Only the
  fields vboxcore reads are named; the rest is kept as bytes. Parses standalone from the
  image's first 4 KiB (headers past that are not read).
doc-ref:
  - https://learn.microsoft.com/en-us/windows/win32/debug/pe-format
-orig-id: IMAGE_DOS_HEADER
seq:
  - id: dos_magic
    contents: 'MZ'
    doc: The DOS header's signature, "MZ".
    -orig-id: e_magic
  - id: dos_header_rest
    size: 0x3a
    doc: The rest of the DOS header, up to e_lfanew; not used by images today.
  - id: nt_headers_offset
    type: u4
    valid:
      max: 0xf00
    doc: |
      File (and image) offset of the NT headers. Linkers put them in the first few hundred bytes;
      vboxcore reads the first page only, so an offset past 0xf00 is refused.
    -orig-id: e_lfanew
instances:
  nt:
    pos: nt_headers_offset
    type: nt_headers
    doc: The NT headers e_lfanew points at.
types:
  nt_headers:
    doc: IMAGE_NT_HEADERS64 (or 32), that is the signature, the COFF file header and the optional header.
    -orig-id: IMAGE_NT_HEADERS64
    seq:
      - id: signature
        contents: [0x50, 0x45, 0, 0]
        doc: The PE signature, "PE" and two zero bytes.
        -orig-id: Signature
      - id: machine
        type: u2
        enum: machine_type
        doc: The CPU the image is for (0x8664 for x86-64 kernels).
        -orig-id: Machine
      - id: number_of_sections
        type: u2
        doc: Entries in the section table that follows the optional header.
        -orig-id: NumberOfSections
      - id: time_date_stamp
        type: u4
        doc: |
          The link time as seconds since 1970, or (in reproducible builds, as Windows is built
          today) a hash of the image's contents; with SizeOfImage it names the binary on a
          symbol server.
        -orig-id: TimeDateStamp
      - id: pointer_to_symbol_table
        type: u4
        doc: File offset of the COFF symbol table; 0 in images.
        -orig-id: PointerToSymbolTable
      - id: number_of_symbols
        type: u4
        doc: COFF symbols; 0 in images.
        -orig-id: NumberOfSymbols
      - id: size_of_optional_header
        type: u2
        doc: Bytes of the optional header, data directories included; the section table follows it.
        -orig-id: SizeOfOptionalHeader
      - id: characteristics
        type: u2
        doc: Image flags (executable, large-address aware, DLL, ...).
        -orig-id: Characteristics
      - id: optional_header
        size: size_of_optional_header
        type: optional_header
        doc: The optional header, as long as the COFF header says.
      - id: sections
        type: section_header
        repeat: expr
        repeat-expr: number_of_sections
        doc: The section table.
  optional_header:
    doc: IMAGE_OPTIONAL_HEADER64 or 32, up to the data directories.
    -orig-id: IMAGE_OPTIONAL_HEADER64
    seq:
      - id: magic
        type: u2
        enum: optional_header_magic
        valid:
          any-of: [optional_header_magic::pe32, optional_header_magic::pe32_plus]
        doc: 0x20b for PE32+ (64-bit images), 0x10b for PE32.
        -orig-id: Magic
      - id: linker_version
        size: 2
        doc: Major and minor linker version.
        -orig-id: MajorLinkerVersion
      - id: code_and_data_sizes
        size: 12
        doc: SizeOfCode, SizeOfInitializedData, SizeOfUninitializedData.
      - id: address_of_entry_point
        type: u4
        doc: RVA of the image's entry point (KiSystemStartup for the kernel).
        -orig-id: AddressOfEntryPoint
      - id: base_of_code
        type: u4
        doc: RVA of the start of the code section.
        -orig-id: BaseOfCode
      - id: base_of_data
        type: u4
        if: magic == optional_header_magic::pe32
        doc: RVA of the data section (PE32 only).
        -orig-id: BaseOfData
      - id: image_base_64
        type: u8
        if: magic == optional_header_magic::pe32_plus
        doc: The preferred load address (PE32+); a kernel is relocated away from it by KASLR.
        -orig-id: ImageBase
      - id: image_base_32
        type: u4
        if: magic == optional_header_magic::pe32
        doc: The preferred load address (PE32).
        -orig-id: ImageBase
      - id: section_alignment
        type: u4
        doc: Alignment of sections in memory.
        -orig-id: SectionAlignment
      - id: file_alignment
        type: u4
        doc: Alignment of sections in the file.
        -orig-id: FileAlignment
      - id: versions
        size: 12
        doc: Operating system, image and subsystem versions (major and minor, 2 bytes each).
      - id: win32_version_value
        type: u4
        doc: Reserved, 0.
        -orig-id: Win32VersionValue
      - id: size_of_image
        type: u4
        doc: Bytes the image takes in memory, headers included; with TimeDateStamp it names the binary.
        -orig-id: SizeOfImage
      - id: size_of_headers
        type: u4
        doc: Bytes of the headers (DOS stub, NT headers, section table), rounded to FileAlignment.
        -orig-id: SizeOfHeaders
      - id: check_sum
        type: u4
        doc: Image checksum (checked for drivers and the kernel at boot).
        -orig-id: CheckSum
      - id: subsystem
        type: u2
        doc: Subsystem (1, native, for the kernel).
        -orig-id: Subsystem
      - id: dll_characteristics
        type: u2
        doc: DLL flags (dynamic base, NX compatible, ...).
        -orig-id: DllCharacteristics
      - id: stack_and_heap_sizes_64
        size: 32
        if: magic == optional_header_magic::pe32_plus
        doc: SizeOfStackReserve, SizeOfStackCommit, SizeOfHeapReserve, SizeOfHeapCommit (8 bytes each in PE32+).
      - id: stack_and_heap_sizes_32
        size: 16
        if: magic == optional_header_magic::pe32
        doc: The same four sizes, 4 bytes each in PE32.
      - id: loader_flags
        type: u4
        doc: Reserved, 0.
        -orig-id: LoaderFlags
      - id: number_of_rva_and_sizes
        type: u4
        doc: Entries in the data directory array that follows (16 in every image linked today).
        -orig-id: NumberOfRvaAndSizes
      - id: data_directories
        type: data_directory
        repeat: expr
        repeat-expr: 'number_of_rva_and_sizes < 16 ? number_of_rva_and_sizes : 16'
        doc: Where the export, import, ..., debug (index 6) tables are, as RVA and size.
  data_directory:
    doc: One IMAGE_DATA_DIRECTORY entry.
    -orig-id: IMAGE_DATA_DIRECTORY
    seq:
      - id: virtual_address
        type: u4
        doc: RVA of the table (0 when absent).
        -orig-id: VirtualAddress
      - id: size
        type: u4
        doc: Its size in bytes.
        -orig-id: Size
  section_header:
    doc: One IMAGE_SECTION_HEADER (40 bytes).
    -orig-id: IMAGE_SECTION_HEADER
    seq:
      - id: name
        type: strz
        size: 8
        encoding: ASCII
        doc: Section name (.text, PAGE, KVASCODE, INIT, ...), NUL-padded.
        -orig-id: Name
      - id: virtual_size
        type: u4
        doc: Bytes of the section in memory.
        -orig-id: VirtualSize
      - id: virtual_address
        type: u4
        doc: RVA of the section.
        -orig-id: VirtualAddress
      - id: size_of_raw_data
        type: u4
        doc: Bytes of the section in the file.
        -orig-id: SizeOfRawData
      - id: pointer_to_raw_data
        type: u4
        doc: File offset of the section's bytes.
        -orig-id: PointerToRawData
      - id: relocations_and_line_numbers
        size: 12
        doc: PointerToRelocations, PointerToLinenumbers, NumberOfRelocations, NumberOfLinenumbers (0 in images).
      - id: characteristics
        type: u4
        doc: Section flags (code, readable, writable, discardable, ...).
        -orig-id: Characteristics
enums:
  machine_type:
    0x14c:
      id: i386
      doc: IMAGE_FILE_MACHINE_I386.
    0x8664:
      id: amd64
      doc: IMAGE_FILE_MACHINE_AMD64.
    0xaa64:
      id: arm64
      doc: IMAGE_FILE_MACHINE_ARM64.
  optional_header_magic:
    0x10b:
      id: pe32
      doc: IMAGE_NT_OPTIONAL_HDR32_MAGIC.
    0x20b:
      id: pe32_plus
      doc: IMAGE_NT_OPTIONAL_HDR64_MAGIC.
