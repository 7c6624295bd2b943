# This is a generated file! Please edit source .ksy file and use kaitai-struct-compiler to rebuild

import kaitaistruct
from kaitaistruct import KaitaiStruct, KaitaiStream, BytesIO
from enum import Enum


if getattr(kaitaistruct, 'API_VERSION', (0, 9)) < (0, 9):
    raise Exception("Incompatible Kaitai Struct Python API: 0.9 or later is required, but you have %s" % (kaitaistruct.__version__))

class PeDebugDirectory(KaitaiStruct):
    """The debug directory a PE image's data directory 6 points at: entries of 28 bytes, one of
    type 2 (CodeView) pointing at an RSDS record, which holds the GUID, age and file name of
    the image's PDB. Symbol servers and Volatility 3 find a kernel's symbols by that name, GUID
    and age. Parses standalone from the directory's bytes; `codeview_record` parses the record
    from its own bytes.
    
    .. seealso::
       Source - https://learn.microsoft.com/en-us/windows/win32/debug/pe-format#debug-directory-image-only
    """

    class DebugType(Enum):
        unknown = 0
        coff = 1
        codeview = 2
        misc = 4
        pogo = 13
        repro = 16
        ex_dllcharacteristics = 20
    def __init__(self, entry_count, _io, _parent=None, _root=None):
        self._io = _io
        self._parent = _parent
        self._root = _root if _root else self
        self.entry_count = entry_count
        self._read()

    def _read(self):
        self.entries = []
        for i in range(self.entry_count):
            self.entries.append(PeDebugDirectory.Entry(self._io, self, self._root))


    class Entry(KaitaiStruct):
        """One IMAGE_DEBUG_DIRECTORY (28 bytes)."""
        def __init__(self, _io, _parent=None, _root=None):
            self._io = _io
            self._parent = _parent
            self._root = _root if _root else self
            self._read()

        def _read(self):
            self.characteristics = self._io.read_u4le()
            self.time_date_stamp = self._io.read_u4le()
            self.major_version = self._io.read_u2le()
            self.minor_version = self._io.read_u2le()
            self.type = KaitaiStream.resolve_enum(PeDebugDirectory.DebugType, self._io.read_u4le())
            self.size_of_data = self._io.read_u4le()
            self.address_of_raw_data = self._io.read_u4le()
            self.pointer_to_raw_data = self._io.read_u4le()


    class CodeviewRecord(KaitaiStruct):
        """The CodeView PDB 7.0 record ("RSDS"): the PDB's GUID, its age and its file name. The
        symbol-server key is the GUID as 32 hex digits (its first three fields in little-endian
        order) followed by the age in hex.
        """
        def __init__(self, _io, _parent=None, _root=None):
            self._io = _io
            self._parent = _parent
            self._root = _root if _root else self
            self._read()

        def _read(self):
            self.signature = self._io.read_bytes(4)
            if not self.signature == b"\x52\x53\x44\x53":
                raise kaitaistruct.ValidationNotEqualError(b"\x52\x53\x44\x53", self.signature, self._io, u"/types/codeview_record/seq/0")
            self.guid_data1 = self._io.read_u4le()
            self.guid_data2 = self._io.read_u2le()
            self.guid_data3 = self._io.read_u2le()
            self.guid_data4 = self._io.read_bytes(8)
            self.age = self._io.read_u4le()
            self.pdb_file_name = (KaitaiStream.bytes_terminate(self._io.read_bytes_full(), 0, False)).decode(u"UTF-8")



