meta:
  id: pe_debug_directory
  title: PE debug directory entries and the CodeView (RSDS) record that names an image's PDB
  application: Windows images (ntoskrnl.exe) as loaded in a guest
  license: MIT
  ks-version: '0.10'
  endian: le
doc: |
  The debug directory a PE image's data directory 6 points at: entries of 28 bytes, one of
  type 2 (CodeView) pointing at an RSDS record, which holds the GUID, age and file name of
  the image's PDB. Symbol servers and Volatility 3 find a kernel's symbols by that name, GUID
  and age. Parses standalone from the directory's bytes; `codeview_record` parses the record
  from its own bytes.
doc-ref:
  - https://learn.microsoft.com/en-us/windows/win32/debug/pe-format#debug-directory-image-only
params:
  - id: entry_count
    type: u4
    doc: Entries in the directory (the data directory's size / 28).
seq:
  - id: entries
    type: entry
    repeat: expr
    repeat-expr: entry_count
    doc: The IMAGE_DEBUG_DIRECTORY entries.
types:
  entry:
    doc: One IMAGE_DEBUG_DIRECTORY (28 bytes).
    -orig-id: IMAGE_DEBUG_DIRECTORY
    seq:
      - id: characteristics
        type: u4
        doc: Reserved, 0.
        -orig-id: Characteristics
      - id: time_date_stamp
        type: u4
        doc: When the debug data was made (or a hash, in reproducible builds).
        -orig-id: TimeDateStamp
      - id: major_version
        type: u2
        doc: Major version of the debug data format.
        -orig-id: MajorVersion
      - id: minor_version
        type: u2
        doc: Minor version of the debug data format.
        -orig-id: MinorVersion
      - id: type
        type: u4
        enum: debug_type
        doc: What the entry points at (2, CodeView, for the PDB record).
        -orig-id: Type
      - id: size_of_data
        type: u4
        doc: Bytes of the debug data.
        -orig-id: SizeOfData
      - id: address_of_raw_data
        type: u4
        doc: RVA of the debug data when it is loaded (0 when it is not).
        -orig-id: AddressOfRawData
      - id: pointer_to_raw_data
        type: u4
        doc: File offset of the debug data.
        -orig-id: PointerToRawData
  codeview_record:
    doc: |
      The CodeView PDB 7.0 record ("RSDS"): the PDB's GUID, its age and its file name. The
      symbol-server key is the GUID as 32 hex digits (its first three fields in little-endian
      order) followed by the age in hex.
    -orig-id: CV_INFO_PDB70
    seq:
      - id: signature
        contents: 'RSDS'
        doc: CodeView signature of a PDB 7.0 record.
        -orig-id: CvSignature
      - id: guid_data1
        type: u4
        doc: The GUID's first field (4 bytes, little-endian).
        -orig-id: Signature.Data1
      - id: guid_data2
        type: u2
        doc: The GUID's second field.
        -orig-id: Signature.Data2
      - id: guid_data3
        type: u2
        doc: The GUID's third field.
        -orig-id: Signature.Data3
      - id: guid_data4
        size: 8
        doc: The GUID's last eight bytes, in order.
        -orig-id: Signature.Data4
      - id: age
        type: u4
        doc: Incremented each time the PDB is written again for the same GUID.
        -orig-id: Age
      - id: pdb_file_name
        type: strz
        encoding: UTF-8
        size-eos: true
        doc: The PDB's path as the linker wrote it (ntkrnlmp.pdb for the multiprocessor kernel).
        -orig-id: PdbFileName
enums:
  debug_type:
    0:
      id: unknown
      doc: IMAGE_DEBUG_TYPE_UNKNOWN.
    1:
      id: coff
      doc: IMAGE_DEBUG_TYPE_COFF.
    2:
      id: codeview
      doc: IMAGE_DEBUG_TYPE_CODEVIEW, the PDB record.
    4:
      id: misc
      doc: IMAGE_DEBUG_TYPE_MISC.
    13:
      id: pogo
      doc: IMAGE_DEBUG_TYPE_POGO, profile-guided optimization data.
    16:
      id: repro
      doc: IMAGE_DEBUG_TYPE_REPRO, the reproducible-build hash.
    20:
      id: ex_dllcharacteristics
      doc: IMAGE_DEBUG_TYPE_EX_DLLCHARACTERISTICS.
