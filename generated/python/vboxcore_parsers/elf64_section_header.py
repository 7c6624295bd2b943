# This is a generated file! Please edit source .ksy file and use kaitai-struct-compiler to rebuild

import kaitaistruct
from kaitaistruct import KaitaiStruct, KaitaiStream, BytesIO
from enum import Enum


if getattr(kaitaistruct, 'API_VERSION', (0, 9)) < (0, 9):
    raise Exception("Incompatible Kaitai Struct Python API: 0.9 or later is required, but you have %s" % (kaitaistruct.__version__))

class Elf64SectionHeader(KaitaiStruct):
    """One 64-byte entry of the section header table. VirtualBox cores have none (e_shnum 0). QEMU
    guest cores since 7.2 have a null section and a .shstrtab whose few bytes follow the last
    PT_LOAD; when a guest has more than 65534 ranges, section 0's sh_info holds the real
    program header count (PN_XNUM). A reader needs the sections' file extents to tell the
    string table from bytes appended to a dump. Parses standalone from a 64-byte window.
    
    .. seealso::
       Source - https://refspecs.linuxfoundation.org/elf/gabi4+/ch4.sheader.html
    
    
    .. seealso::
       (prepare_elf_section_hdrs) - https://gitlab.com/qemu-project/qemu/-/blob/v7.2.0/dump/dump.c
    """

    class SectionType(Enum):
        null_section = 0
        strtab = 3
        nobits = 8
    def __init__(self, _io, _parent=None, _root=None):
        self._io = _io
        self._parent = _parent
        self._root = _root if _root else self
        self._read()

    def _read(self):
        self.sh_name = self._io.read_u4le()
        self.sh_type = KaitaiStream.resolve_enum(Elf64SectionHeader.SectionType, self._io.read_u4le())
        self.sh_flags = self._io.read_u8le()
        self.sh_addr = self._io.read_u8le()
        self.sh_offset = self._io.read_u8le()
        self.sh_size = self._io.read_u8le()
        self.sh_link = self._io.read_u4le()
        self.sh_info = self._io.read_u4le()
        self.sh_addralign = self._io.read_u8le()
        self.sh_entsize = self._io.read_u8le()


