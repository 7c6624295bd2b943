# This is a generated file! Please edit source .ksy file and use kaitai-struct-compiler to rebuild

import kaitaistruct
from kaitaistruct import KaitaiStruct, KaitaiStream, BytesIO


if getattr(kaitaistruct, 'API_VERSION', (0, 9)) < (0, 9):
    raise Exception("Incompatible Kaitai Struct Python API: 0.9 or later is required, but you have %s" % (kaitaistruct.__version__))

class VboxCoreDescriptor(KaitaiStruct):
    """The 24-byte descriptor of the first note ("VBCORE", NT_VBOXCORE): magic, format version,
    the VirtualBox version and revision that wrote the dump, and the number of vCPUs.
    Parses standalone from the note's descriptor bytes.
    
    .. seealso::
       (DBGFCOREDESCRIPTOR) - https://www.virtualbox.org/browser/vbox/trunk/include/VBox/vmm/dbgfcorefmt.h
    """
    def __init__(self, _io, _parent=None, _root=None):
        self._io = _io
        self._parent = _parent
        self._root = _root if _root else self
        self._read()

    def _read(self):
        self.magic = self._io.read_u4le()
        if not self.magic == 3222978782:
            raise kaitaistruct.ValidationNotEqualError(3222978782, self.magic, self._io, u"/seq/0")
        self.format_version = self._io.read_u4le()
        self.descriptor_size = self._io.read_u4le()
        self.vbox_version = self._io.read_u4le()
        self.vbox_revision = self._io.read_u4le()
        self.cpu_count = self._io.read_u4le()

    @property
    def format_minor(self):
        """Lower half of the format version, bumped on every layout change of the VBCPU note."""
        if hasattr(self, '_m_format_minor'):
            return self._m_format_minor

        self._m_format_minor = (self.format_version & 65535)
        return getattr(self, '_m_format_minor', None)

    @property
    def vbox_version_minor(self):
        """Minor VirtualBox version."""
        if hasattr(self, '_m_vbox_version_minor'):
            return self._m_vbox_version_minor

        self._m_vbox_version_minor = ((self.vbox_version >> 16) & 255)
        return getattr(self, '_m_vbox_version_minor', None)

    @property
    def format_family(self):
        """Upper half of the format version; 1 for every format VirtualBox has written."""
        if hasattr(self, '_m_format_family'):
            return self._m_format_family

        self._m_format_family = (self.format_version >> 16)
        return getattr(self, '_m_format_family', None)

    @property
    def vbox_version_major(self):
        """Major VirtualBox version."""
        if hasattr(self, '_m_vbox_version_major'):
            return self._m_vbox_version_major

        self._m_vbox_version_major = ((self.vbox_version >> 24) & 255)
        return getattr(self, '_m_vbox_version_major', None)

    @property
    def vbox_version_build(self):
        """Build (patch) number of the VirtualBox version."""
        if hasattr(self, '_m_vbox_version_build'):
            return self._m_vbox_version_build

        self._m_vbox_version_build = (self.vbox_version & 65535)
        return getattr(self, '_m_vbox_version_build', None)


