# This is a generated file! Please edit source .ksy file and use kaitai-struct-compiler to rebuild

import kaitaistruct
from kaitaistruct import KaitaiStruct, KaitaiStream, BytesIO
from enum import Enum


if getattr(kaitaistruct, 'API_VERSION', (0, 9)) < (0, 9):
    raise Exception("Incompatible Kaitai Struct Python API: 0.9 or later is required, but you have %s" % (kaitaistruct.__version__))

class VboxElfNote(KaitaiStruct):
    """One record of the PT_NOTE segment. VirtualBox departs from the usual ELF note rules:
    `n_namesz` counts the name without its terminating NUL, and the name (with its NUL) and the
    descriptor are each padded with zeros to a multiple of 8, not 4. Records follow each other
    with no further alignment. The descriptor is kept as raw bytes and always stepped over by
    `n_descsz`, because the VBCPU descriptor grows between format versions; decode it with
    vbox_core_descriptor or vbox_cpu_state. Parses standalone at any record start.
    
    .. seealso::
       (Elf64WriteNoteHdr) - https://www.virtualbox.org/browser/vbox/trunk/src/VBox/VMM/VMMR3/DBGFCoreWrite.cpp
    
    
    .. seealso::
       Source - https://www.virtualbox.org/browser/vbox/trunk/include/VBox/vmm/dbgfcorefmt.h
    """

    class NoteType(Enum):
        vbox_core = 2816
        vbox_cpu = 2817
    def __init__(self, _io, _parent=None, _root=None):
        self._io = _io
        self._parent = _parent
        self._root = _root if _root else self
        self._read()

    def _read(self):
        self.header = VboxElfNote.NoteHeader(self._io, self, self._root)
        self.name = (self._io.read_bytes(self.header.n_namesz)).decode(u"ASCII")
        self.name_padding = self._io.read_bytes(self.header.name_padding_size)
        self.descriptor = self._io.read_bytes(self.header.n_descsz)
        self.descriptor_padding = self._io.read_bytes(self.header.descriptor_padding_size)

    class NoteHeader(KaitaiStruct):
        """The fixed part of a note. Parses standalone, so that a reader can check `record_size`
        against the bytes left in the segment before reading name and descriptor (hostile
        sizes up to 2^32 - 1 must not reach a byte-array allocation).
        """
        def __init__(self, _io, _parent=None, _root=None):
            self._io = _io
            self._parent = _parent
            self._root = _root if _root else self
            self._read()

        def _read(self):
            self.n_namesz = self._io.read_u4le()
            self.n_descsz = self._io.read_u4le()
            self.n_type = KaitaiStream.resolve_enum(VboxElfNote.NoteType, self._io.read_u4le())

        @property
        def name_field_size(self):
            """Bytes taken by the name, its NUL and its padding to a multiple of 8."""
            if hasattr(self, '_m_name_field_size'):
                return self._m_name_field_size

            self._m_name_field_size = ((self.n_namesz + 8) // 8 * 8)
            return getattr(self, '_m_name_field_size', None)

        @property
        def descriptor_padding_size(self):
            """Zeros after the descriptor up to a multiple of 8 (0 to 7)."""
            if hasattr(self, '_m_descriptor_padding_size'):
                return self._m_descriptor_padding_size

            self._m_descriptor_padding_size = ((8 - (self.n_descsz % 8)) % 8)
            return getattr(self, '_m_descriptor_padding_size', None)

        @property
        def name_padding_size(self):
            """Bytes after the name: its NUL and the zeros up to a multiple of 8 (1 to 8). Computed
            from n_namesz alone, so that statically typed targets (Go) do not subtract a u4 from
            the integer name_field_size.
            """
            if hasattr(self, '_m_name_padding_size'):
                return self._m_name_padding_size

            self._m_name_padding_size = (8 - (self.n_namesz % 8))
            return getattr(self, '_m_name_padding_size', None)

        @property
        def descriptor_field_size(self):
            """Bytes taken by the descriptor and its padding to a multiple of 8."""
            if hasattr(self, '_m_descriptor_field_size'):
                return self._m_descriptor_field_size

            self._m_descriptor_field_size = ((self.n_descsz + 7) // 8 * 8)
            return getattr(self, '_m_descriptor_field_size', None)

        @property
        def record_size(self):
            """Bytes of the whole note record; the next record starts this far on."""
            if hasattr(self, '_m_record_size'):
                return self._m_record_size

            self._m_record_size = ((12 + self.name_field_size) + self.descriptor_field_size)
            return getattr(self, '_m_record_size', None)



