# This is a generated file! Please edit source .ksy file and use kaitai-struct-compiler to rebuild

import kaitaistruct
from kaitaistruct import KaitaiStruct, KaitaiStream, BytesIO
from enum import Enum


if getattr(kaitaistruct, 'API_VERSION', (0, 9)) < (0, 9):
    raise Exception("Incompatible Kaitai Struct Python API: 0.9 or later is required, but you have %s" % (kaitaistruct.__version__))

class VboxElf64ProgramHeader(KaitaiStruct):
    """One 56-byte entry of the program header table. VirtualBox writes one PT_NOTE first, then
    one PT_LOAD per guest-physical range in address order. For a PT_LOAD, `p_paddr` is the guest
    physical address, `p_offset` the place of its bytes in the file and `p_memsz` its size.
    MMIO ranges have `p_filesz` = 0 (no bytes in the file) and share the next range's offset.
    `p_vaddr` and `p_align` are 0, which general ELF tools may question; both are accepted.
    Parses standalone from a 56-byte window, so the table of a huge file is read entry by entry.
    
    .. seealso::
       (Elf64WriteProgHdr) - https://www.virtualbox.org/browser/vbox/trunk/src/VBox/VMM/VMMR3/DBGFCoreWrite.cpp
    
    
    .. seealso::
       Source - https://refspecs.linuxfoundation.org/elf/gabi4+/ch5.pheader.html
    """

    class SegmentType(Enum):
        null_segment = 0
        load = 1
        dynamic = 2
        interp = 3
        note = 4
        phdr = 6
    def __init__(self, _io, _parent=None, _root=None):
        self._io = _io
        self._parent = _parent
        self._root = _root if _root else self
        self._read()

    def _read(self):
        self.p_type = KaitaiStream.resolve_enum(VboxElf64ProgramHeader.SegmentType, self._io.read_u4le())
        self.p_flags = self._io.read_u4le()
        self.p_offset = self._io.read_u8le()
        self.p_vaddr = self._io.read_u8le()
        self.p_paddr = self._io.read_u8le()
        self.p_filesz = self._io.read_u8le()
        self.p_memsz = self._io.read_u8le()
        self.p_align = self._io.read_u8le()


