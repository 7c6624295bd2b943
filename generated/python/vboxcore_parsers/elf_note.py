# This is a generated file! Please edit source .ksy file and use kaitai-struct-compiler to rebuild

import kaitaistruct
from kaitaistruct import KaitaiStruct, KaitaiStream, BytesIO


if getattr(kaitaistruct, 'API_VERSION', (0, 9)) < (0, 9):
    raise Exception("Incompatible Kaitai Struct Python API: 0.9 or later is required, but you have %s" % (kaitaistruct.__version__))

class ElfNote(KaitaiStruct):
    """One record of a PT_NOTE segment as the ELF specification lays it out, and as every core
    writer but VirtualBox follows: `n_namesz` counts the name's terminating NUL, and the name and
    the descriptor are each padded with zeros to a multiple of 4. (VirtualBox's records differ:
    see vbox_elf_note.) The descriptor is kept as raw bytes and stepped over by `n_descsz`;
    decode it by name and type, for example with elf_prstatus_x86 or qemu_cpu_state. Parses
    standalone at any record start.
    
    .. seealso::
       (Note Section) - https://refspecs.linuxfoundation.org/elf/gabi4+/ch5.pheader.html
    
    
    .. seealso::
       (write_elf64_notes) - https://gitlab.com/qemu-project/qemu/-/blob/v7.2.0/dump/dump.c
    """
    def __init__(self, _io, _parent=None, _root=None):
        self._io = _io
        self._parent = _parent
        self._root = _root if _root else self
        self._read()

    def _read(self):
        self.header = ElfNote.NoteHeader(self._io, self, self._root)
        self.name = (KaitaiStream.bytes_terminate(self._io.read_bytes(self.header.n_namesz), 0, False)).decode(u"ASCII")
        self.name_padding = self._io.read_bytes(self.header.name_padding_size)
        self.descriptor = self._io.read_bytes(self.header.n_descsz)
        self.descriptor_padding = self._io.read_bytes(self.header.descriptor_padding_size)

    class NoteHeader(KaitaiStruct):
        """The fixed part of a note. Parses standalone, so that a reader can check `record_size`
        against the bytes left in the segment before reading name and descriptor.
        """
        def __init__(self, _io, _parent=None, _root=None):
            self._io = _io
            self._parent = _parent
            self._root = _root if _root else self
            self._read()

        def _read(self):
            self.n_namesz = self._io.read_u4le()
            self.n_descsz = self._io.read_u4le()
            self.n_type = self._io.read_u4le()

        @property
        def name_field_size(self):
            """Bytes taken by the name and its padding to a multiple of 4."""
            if hasattr(self, '_m_name_field_size'):
                return self._m_name_field_size

            self._m_name_field_size = ((self.n_namesz + 3) // 4 * 4)
            return getattr(self, '_m_name_field_size', None)

        @property
        def descriptor_padding_size(self):
            """Zeros after the descriptor up to a multiple of 4 (0 to 3)."""
            if hasattr(self, '_m_descriptor_padding_size'):
                return self._m_descriptor_padding_size

            self._m_descriptor_padding_size = ((4 - (self.n_descsz % 4)) % 4)
            return getattr(self, '_m_descriptor_padding_size', None)

        @property
        def name_padding_size(self):
            """Zeros after the name (its NUL counted in n_namesz) up to a multiple of 4 (0 to 3).
            Computed from n_namesz alone, so that statically typed targets (Go) do not subtract a
            u4 from the integer name_field_size.
            """
            if hasattr(self, '_m_name_padding_size'):
                return self._m_name_padding_size

            self._m_name_padding_size = ((4 - (self.n_namesz % 4)) % 4)
            return getattr(self, '_m_name_padding_size', None)

        @property
        def descriptor_field_size(self):
            """Bytes taken by the descriptor and its padding to a multiple of 4."""
            if hasattr(self, '_m_descriptor_field_size'):
                return self._m_descriptor_field_size

            self._m_descriptor_field_size = ((self.n_descsz + 3) // 4 * 4)
            return getattr(self, '_m_descriptor_field_size', None)

        @property
        def record_size(self):
            """Bytes of the whole note record; the next record starts this far on."""
            if hasattr(self, '_m_record_size'):
                return self._m_record_size

            self._m_record_size = ((12 + self.name_field_size) + self.descriptor_field_size)
            return getattr(self, '_m_record_size', None)



