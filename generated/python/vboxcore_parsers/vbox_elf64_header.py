# This is a generated file! Please edit source .ksy file and use kaitai-struct-compiler to rebuild

import kaitaistruct
from kaitaistruct import KaitaiStruct, KaitaiStream, BytesIO
from enum import Enum


if getattr(kaitaistruct, 'API_VERSION', (0, 9)) < (0, 9):
    raise Exception("Incompatible Kaitai Struct Python API: 0.9 or later is required, but you have %s" % (kaitaistruct.__version__))

class VboxElf64Header(KaitaiStruct):
    """The 64-byte ELF header at offset 0 of a core written by `VBoxManage debugvm dumpvmcore`.
    Parses standalone from the first 64 bytes of the file. Only the identification magic is
    enforced here; class, byte order, type and sizes are checked by the library so that each
    problem gets its own error code. VirtualBox leaves `e_ident[EI_VERSION]` at 0, which a
    textbook parser rejects: this schema accepts it.
    
    .. seealso::
       (Elf64WriteElfHdr) - https://www.virtualbox.org/browser/vbox/trunk/src/VBox/VMM/VMMR3/DBGFCoreWrite.cpp
    
    
    .. seealso::
       Source - https://refspecs.linuxfoundation.org/elf/gabi4+/ch4.eheader.html
    """

    class FileClass(Enum):
        elf32 = 1
        elf64 = 2

    class DataEncoding(Enum):
        little_endian = 1
        big_endian = 2

    class ObjectType(Enum):
        none = 0
        relocatable = 1
        executable = 2
        shared = 3
        core = 4

    class Machine(Enum):
        x86 = 3
        x86_64 = 62
    def __init__(self, _io, _parent=None, _root=None):
        self._io = _io
        self._parent = _parent
        self._root = _root if _root else self
        self._read()

    def _read(self):
        self.ident = VboxElf64Header.Identification(self._io, self, self._root)
        self.e_type = KaitaiStream.resolve_enum(VboxElf64Header.ObjectType, self._io.read_u2le())
        self.e_machine = KaitaiStream.resolve_enum(VboxElf64Header.Machine, self._io.read_u2le())
        self.e_version = self._io.read_u4le()
        self.e_entry = self._io.read_u8le()
        self.e_phoff = self._io.read_u8le()
        self.e_shoff = self._io.read_u8le()
        self.e_flags = self._io.read_u4le()
        self.e_ehsize = self._io.read_u2le()
        self.e_phentsize = self._io.read_u2le()
        self.e_phnum = self._io.read_u2le()
        self.e_shentsize = self._io.read_u2le()
        self.e_shnum = self._io.read_u2le()
        self.e_shstrndx = self._io.read_u2le()

    class Identification(KaitaiStruct):
        """The 16 identification bytes. Parses standalone, so that the class and byte order can be
        checked before the rest of the header is read in a layout that may not apply.
        """
        def __init__(self, _io, _parent=None, _root=None):
            self._io = _io
            self._parent = _parent
            self._root = _root if _root else self
            self._read()

        def _read(self):
            self.magic = self._io.read_bytes(4)
            if not self.magic == b"\x7F\x45\x4C\x46":
                raise kaitaistruct.ValidationNotEqualError(b"\x7F\x45\x4C\x46", self.magic, self._io, u"/types/identification/seq/0")
            self.file_class = KaitaiStream.resolve_enum(VboxElf64Header.FileClass, self._io.read_u1())
            self.data_encoding = KaitaiStream.resolve_enum(VboxElf64Header.DataEncoding, self._io.read_u1())
            self.header_version = self._io.read_u1()
            self.os_abi = self._io.read_u1()
            self.abi_version = self._io.read_u1()
            self.padding = self._io.read_bytes(7)



