# This is a generated file! Please edit source .ksy file and use kaitai-struct-compiler to rebuild

import kaitaistruct
from kaitaistruct import KaitaiStruct, KaitaiStream, BytesIO
from enum import Enum


if getattr(kaitaistruct, 'API_VERSION', (0, 9)) < (0, 9):
    raise Exception("Incompatible Kaitai Struct Python API: 0.9 or later is required, but you have %s" % (kaitaistruct.__version__))

class PeImageHeaders(KaitaiStruct):
    """The headers at the start of a loaded PE image: the DOS header whose e_lfanew points at the
    NT headers ("PE\0\0", the COFF file header, the optional header with its data directories)
    and the section table. vboxcore reads them from the first page of a Windows kernel image
    found through the vCPU's page tables, to name the kernel and its debug record. Only the
    fields vboxcore reads are named; the rest is kept as bytes. Parses standalone from the
    image's first 4 KiB (headers past that are not read).
    
    .. seealso::
       Source - https://learn.microsoft.com/en-us/windows/win32/debug/pe-format
    """

    class MachineType(Enum):
        i386 = 332
        amd64 = 34404
        arm64 = 43620

    class OptionalHeaderMagic(Enum):
        pe32 = 267
        pe32_plus = 523
    def __init__(self, _io, _parent=None, _root=None):
        self._io = _io
        self._parent = _parent
        self._root = _root if _root else self
        self._read()

    def _read(self):
        self.dos_magic = self._io.read_bytes(2)
        if not self.dos_magic == b"\x4D\x5A":
            raise kaitaistruct.ValidationNotEqualError(b"\x4D\x5A", self.dos_magic, self._io, u"/seq/0")
        self.dos_header_rest = self._io.read_bytes(58)
        self.nt_headers_offset = self._io.read_u4le()
        if not self.nt_headers_offset <= 3840:
            raise kaitaistruct.ValidationGreaterThanError(3840, self.nt_headers_offset, self._io, u"/seq/2")

    class NtHeaders(KaitaiStruct):
        """IMAGE_NT_HEADERS64 (or 32), that is the signature, the COFF file header and the optional header."""
        def __init__(self, _io, _parent=None, _root=None):
            self._io = _io
            self._parent = _parent
            self._root = _root if _root else self
            self._read()

        def _read(self):
            self.signature = self._io.read_bytes(4)
            if not self.signature == b"\x50\x45\x00\x00":
                raise kaitaistruct.ValidationNotEqualError(b"\x50\x45\x00\x00", self.signature, self._io, u"/types/nt_headers/seq/0")
            self.machine = KaitaiStream.resolve_enum(PeImageHeaders.MachineType, self._io.read_u2le())
            self.number_of_sections = self._io.read_u2le()
            self.time_date_stamp = self._io.read_u4le()
            self.pointer_to_symbol_table = self._io.read_u4le()
            self.number_of_symbols = self._io.read_u4le()
            self.size_of_optional_header = self._io.read_u2le()
            self.characteristics = self._io.read_u2le()
            self._raw_optional_header = self._io.read_bytes(self.size_of_optional_header)
            _io__raw_optional_header = KaitaiStream(BytesIO(self._raw_optional_header))
            self.optional_header = PeImageHeaders.OptionalHeader(_io__raw_optional_header, self, self._root)
            self.sections = []
            for i in range(self.number_of_sections):
                self.sections.append(PeImageHeaders.SectionHeader(self._io, self, self._root))



    class OptionalHeader(KaitaiStruct):
        """IMAGE_OPTIONAL_HEADER64 or 32, up to the data directories."""
        def __init__(self, _io, _parent=None, _root=None):
            self._io = _io
            self._parent = _parent
            self._root = _root if _root else self
            self._read()

        def _read(self):
            self.magic = KaitaiStream.resolve_enum(PeImageHeaders.OptionalHeaderMagic, self._io.read_u2le())
            if not  ((self.magic == PeImageHeaders.OptionalHeaderMagic.pe32) or (self.magic == PeImageHeaders.OptionalHeaderMagic.pe32_plus)) :
                raise kaitaistruct.ValidationNotAnyOfError(self.magic, self._io, u"/types/optional_header/seq/0")
            self.linker_version = self._io.read_bytes(2)
            self.code_and_data_sizes = self._io.read_bytes(12)
            self.address_of_entry_point = self._io.read_u4le()
            self.base_of_code = self._io.read_u4le()
            if self.magic == PeImageHeaders.OptionalHeaderMagic.pe32:
                self.base_of_data = self._io.read_u4le()

            if self.magic == PeImageHeaders.OptionalHeaderMagic.pe32_plus:
                self.image_base_64 = self._io.read_u8le()

            if self.magic == PeImageHeaders.OptionalHeaderMagic.pe32:
                self.image_base_32 = self._io.read_u4le()

            self.section_alignment = self._io.read_u4le()
            self.file_alignment = self._io.read_u4le()
            self.versions = self._io.read_bytes(12)
            self.win32_version_value = self._io.read_u4le()
            self.size_of_image = self._io.read_u4le()
            self.size_of_headers = self._io.read_u4le()
            self.check_sum = self._io.read_u4le()
            self.subsystem = self._io.read_u2le()
            self.dll_characteristics = self._io.read_u2le()
            if self.magic == PeImageHeaders.OptionalHeaderMagic.pe32_plus:
                self.stack_and_heap_sizes_64 = self._io.read_bytes(32)

            if self.magic == PeImageHeaders.OptionalHeaderMagic.pe32:
                self.stack_and_heap_sizes_32 = self._io.read_bytes(16)

            self.loader_flags = self._io.read_u4le()
            self.number_of_rva_and_sizes = self._io.read_u4le()
            self.data_directories = []
            for i in range((self.number_of_rva_and_sizes if self.number_of_rva_and_sizes < 16 else 16)):
                self.data_directories.append(PeImageHeaders.DataDirectory(self._io, self, self._root))



    class DataDirectory(KaitaiStruct):
        """One IMAGE_DATA_DIRECTORY entry."""
        def __init__(self, _io, _parent=None, _root=None):
            self._io = _io
            self._parent = _parent
            self._root = _root if _root else self
            self._read()

        def _read(self):
            self.virtual_address = self._io.read_u4le()
            self.size = self._io.read_u4le()


    class SectionHeader(KaitaiStruct):
        """One IMAGE_SECTION_HEADER (40 bytes)."""
        def __init__(self, _io, _parent=None, _root=None):
            self._io = _io
            self._parent = _parent
            self._root = _root if _root else self
            self._read()

        def _read(self):
            self.name = (KaitaiStream.bytes_terminate(self._io.read_bytes(8), 0, False)).decode(u"ASCII")
            self.virtual_size = self._io.read_u4le()
            self.virtual_address = self._io.read_u4le()
            self.size_of_raw_data = self._io.read_u4le()
            self.pointer_to_raw_data = self._io.read_u4le()
            self.relocations_and_line_numbers = self._io.read_bytes(12)
            self.characteristics = self._io.read_u4le()


    @property
    def nt(self):
        """The NT headers e_lfanew points at."""
        if hasattr(self, '_m_nt'):
            return self._m_nt

        _pos = self._io.pos()
        self._io.seek(self.nt_headers_offset)
        self._m_nt = PeImageHeaders.NtHeaders(self._io, self, self._root)
        self._io.seek(_pos)
        return getattr(self, '_m_nt', None)


