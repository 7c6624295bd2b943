# This is a generated file! Please edit source .ksy file and use kaitai-struct-compiler to rebuild

import kaitaistruct
from kaitaistruct import KaitaiStruct, KaitaiStream, BytesIO


if getattr(kaitaistruct, 'API_VERSION', (0, 9)) < (0, 9):
    raise Exception("Incompatible Kaitai Struct Python API: 0.9 or later is required, but you have %s" % (kaitaistruct.__version__))

from vboxcore_parsers import vbox_elf64_header
from vboxcore_parsers import vbox_elf64_program_header
from vboxcore_parsers import vbox_elf_note
class VboxCore(KaitaiStruct):
    """A whole VirtualBox guest core: ELF64 header, program header table, and the notes of the
    PT_NOTE segment. Meant for small dumps in the Kaitai Web IDE and for other languages; the
    vboxcore library parses the pieces standalone from small windows and never maps a whole
    file. Memory contents are not parsed: each PT_LOAD's bytes are at its p_offset.
    
    .. seealso::
       Source - https://www.virtualbox.org/browser/vbox/trunk/src/VBox/VMM/VMMR3/DBGFCoreWrite.cpp
    """
    def __init__(self, _io, _parent=None, _root=None):
        self._io = _io
        self._parent = _parent
        self._root = _root if _root else self
        self._read()

    def _read(self):
        self.header = vbox_elf64_header.VboxElf64Header(self._io)
        self.program_headers = []
        for i in range(self.header.e_phnum):
            self.program_headers.append(vbox_elf64_program_header.VboxElf64ProgramHeader(self._io))

        if self.program_headers[0].p_type == VboxElf64ProgramHeader.SegmentType.note:
            self._raw_note_segment = self._io.read_bytes(self.program_headers[0].p_filesz)
            _io__raw_note_segment = KaitaiStream(BytesIO(self._raw_note_segment))
            self.note_segment = VboxCore.NoteRecords(_io__raw_note_segment, self, self._root)


    class NoteRecords(KaitaiStruct):
        """The records of the PT_NOTE segment, VBCORE first, then one VBCPU per vCPU."""
        def __init__(self, _io, _parent=None, _root=None):
            self._io = _io
            self._parent = _parent
            self._root = _root if _root else self
            self._read()

        def _read(self):
            self.notes = []
            i = 0
            while not self._io.is_eof():
                self.notes.append(vbox_elf_note.VboxElfNote(self._io))
                i += 1



    @property
    def laid_out_as_virtualbox_writes(self):
        """Whether the program header table follows the ELF header, as this view reads it (a check
        rather than a `valid:`, which some targets cannot generate for a user type).
        """
        if hasattr(self, '_m_laid_out_as_virtualbox_writes'):
            return self._m_laid_out_as_virtualbox_writes

        self._m_laid_out_as_virtualbox_writes =  ((self.header.e_phoff == 64) and (self.header.e_phentsize == 56)) 
        return getattr(self, '_m_laid_out_as_virtualbox_writes', None)


