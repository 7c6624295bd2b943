meta:
  id: vbox_core_descriptor
  title: VirtualBox core descriptor (DBGFCOREDESCRIPTOR, the VBCORE note)
  application: VirtualBox (VBoxManage debugvm dumpvmcore)
  license: MIT
  ks-version: '0.10'
  endian: le
doc: |
  The 24-byte descriptor of the first note ("VBCORE", NT_VBOXCORE): magic, format version,
  the VirtualBox version and revision that wrote the dump, and the number of vCPUs.
  Parses standalone from the note's descriptor bytes.
doc-ref: https://www.virtualbox.org/browser/vbox/trunk/include/VBox/vmm/dbgfcorefmt.h (DBGFCOREDESCRIPTOR)
seq:
  - id: magic
    type: u4
    valid: '0xc01ac0de'
    doc: |
      Core file magic, DBGFCORE_MAGIC (0xc01ac0de). A checked number rather than an enum: C#
      enums are 32-bit signed, and 0xc01ac0de does not fit.
    -orig-id: u32Magic
  - id: format_version
    type: u4
    doc: |
      Core format version, 0x0001xxxx: 0x00010000 on 4.1.x up to 0x00010006 today. The
      family is accepted whole; versions the reader does not know are reported, not refused.
    -orig-id: u32FmtVersion
  - id: descriptor_size
    type: u4
    doc: Size of this structure, 24.
    -orig-id: cbSelf
  - id: vbox_version
    type: u4
    doc: VirtualBox version that wrote the dump; major in bits 31..24, minor in 23..16, build in 15..0.
    -orig-id: u32VBoxVersion
  - id: vbox_revision
    type: u4
    doc: VirtualBox source revision (SVN) that wrote the dump.
    -orig-id: u32VBoxRevision
  - id: cpu_count
    type: u4
    doc: Number of vCPUs; one VBCPU note follows for each.
    -orig-id: cCpus
instances:
  vbox_version_major:
    value: (vbox_version >> 24) & 0xff
    -ts-type: number
    doc: Major VirtualBox version.
  vbox_version_minor:
    value: (vbox_version >> 16) & 0xff
    -ts-type: number
    doc: Minor VirtualBox version.
  vbox_version_build:
    value: vbox_version & 0xffff
    -ts-type: number
    doc: Build (patch) number of the VirtualBox version.
  format_family:
    value: format_version >> 16
    -ts-type: number
    doc: Upper half of the format version; 1 for every format VirtualBox has written.
  format_minor:
    value: format_version & 0xffff
    -ts-type: number
    doc: Lower half of the format version, bumped on every layout change of the VBCPU note.
