# This is a generated file! Please edit source .ksy file and use kaitai-struct-compiler to rebuild

import kaitaistruct
from kaitaistruct import KaitaiStruct, KaitaiStream, BytesIO


if getattr(kaitaistruct, 'API_VERSION', (0, 9)) < (0, 9):
    raise Exception("Incompatible Kaitai Struct Python API: 0.9 or later is required, but you have %s" % (kaitaistruct.__version__))

from vboxcore_parsers import x86_fxsave
class X86XsaveArea(KaitaiStruct):
    """The area XSAVE writes, as DBGFCORECPU keeps it (always the last 8 KiB of a VBCPU note of
    formats 0x10002 on): the legacy FXSAVE region, the XSAVE header, then the extended state
    components. In the standard (non-compacted) format each component sits at the offset CPUID
    leaf 0xD gives; the dump does not record CPUID, so the offsets used here are inferred: the
    ones Intel documents and VirtualBox's X86XSAVEAREA names as the "typical layout on Intel
    CPUs" (AVX's upper halves of YMM0-15 at 0x240, MPX at 0x3c0, AVX-512's opmask at 0x440, upper
    halves of ZMM0-15 at 0x480 and ZMM16-31 at 0x680). A component is decoded when XSTATE_BV marks it present, the
    area is in the standard format (XCOMP_BV bit 63 clear) and the state VirtualBox copied
    (cbExt) reaches its end. Parses standalone from the 8 KiB.
    
    .. seealso::
       Intel SDM vol. 1, 13.4 (XSAVE area) and 13.5 (state components)
    
    
    .. seealso::
       (X86XSAVEAREA, X86XSAVEYMMHI, X86XSAVEOPMASK, X86XSAVEZMMHI256, X86XSAVEZMM16HI) - https://www.virtualbox.org/browser/vbox/trunk/include/iprt/x86.h
    """
    def __init__(self, state_size, _io, _parent=None, _root=None):
        self._io = _io
        self._parent = _parent
        self._root = _root if _root else self
        self.state_size = state_size
        self._read()

    def _read(self):
        self.legacy = x86_fxsave.X86Fxsave(self._io)
        self.xstate_bv = self._io.read_u8le()
        self.xcomp_bv = self._io.read_u8le()
        self.reserved_header = self._io.read_bytes(48)
        self.extended = self._io.read_bytes(7616)

    class UpperHalf(KaitaiStruct):
        """Bits 128-255 of one YMM register (X86XSAVEYMMHI's element, 16 bytes)."""
        def __init__(self, _io, _parent=None, _root=None):
            self._io = _io
            self._parent = _parent
            self._root = _root if _root else self
            self._read()

        def _read(self):
            self.low = self._io.read_u8le()
            self.high = self._io.read_u8le()


    @property
    def xcomp_bv_high(self):
        """The high half of XCOMP_BV (bit 31 of it is the compacted-format bit 63)."""
        if hasattr(self, '_m_xcomp_bv_high'):
            return self._m_xcomp_bv_high

        _pos = self._io.pos()
        self._io.seek(524)
        self._m_xcomp_bv_high = self._io.read_u4le()
        self._io.seek(_pos)
        return getattr(self, '_m_xcomp_bv_high', None)

    @property
    def hi16_zmm(self):
        """ZMM16-ZMM31 whole, eight 64-bit words each, low word first."""
        if hasattr(self, '_m_hi16_zmm'):
            return self._m_hi16_zmm

        if self.has_hi16_zmm:
            _pos = self._io.pos()
            self._io.seek(1664)
            self._m_hi16_zmm = []
            for i in range(128):
                self._m_hi16_zmm.append(self._io.read_u8le())

            self._io.seek(_pos)

        return getattr(self, '_m_hi16_zmm', None)

    @property
    def zmm_hi256(self):
        """Bits 256-511 of ZMM0-ZMM15, four 64-bit words each, low word first."""
        if hasattr(self, '_m_zmm_hi256'):
            return self._m_zmm_hi256

        if self.has_zmm_hi256:
            _pos = self._io.pos()
            self._io.seek(1152)
            self._m_zmm_hi256 = []
            for i in range(64):
                self._m_zmm_hi256.append(self._io.read_u8le())

            self._io.seek(_pos)

        return getattr(self, '_m_zmm_hi256', None)

    @property
    def has_zmm_hi256(self):
        """Whether the upper halves of ZMM0-15 are present and within the copied state."""
        if hasattr(self, '_m_has_zmm_hi256'):
            return self._m_has_zmm_hi256

        self._m_has_zmm_hi256 =  ((self.standard_format) and ((self.xstate_bv_low & 64) != 0) and (self.state_size >= 1664)) 
        return getattr(self, '_m_has_zmm_hi256', None)

    @property
    def opmask(self):
        """AVX-512 opmask registers k0-k7."""
        if hasattr(self, '_m_opmask'):
            return self._m_opmask

        if self.has_opmask:
            _pos = self._io.pos()
            self._io.seek(1088)
            self._m_opmask = []
            for i in range(8):
                self._m_opmask.append(self._io.read_u8le())

            self._io.seek(_pos)

        return getattr(self, '_m_opmask', None)

    @property
    def has_ymm_hi128(self):
        """Whether AVX's upper halves are present and within the copied state."""
        if hasattr(self, '_m_has_ymm_hi128'):
            return self._m_has_ymm_hi128

        self._m_has_ymm_hi128 =  ((self.standard_format) and ((self.xstate_bv_low & 4) != 0) and (self.state_size >= 832)) 
        return getattr(self, '_m_has_ymm_hi128', None)

    @property
    def standard_format(self):
        """Whether the components sit at their standard offsets (XCOMP_BV bit 63 clear)."""
        if hasattr(self, '_m_standard_format'):
            return self._m_standard_format

        self._m_standard_format = (self.xcomp_bv_high & 2147483648) == 0
        return getattr(self, '_m_standard_format', None)

    @property
    def ymm_hi128(self):
        """Bits 128-255 of YMM0-YMM15 (their low halves are XMM0-15 in the legacy region)."""
        if hasattr(self, '_m_ymm_hi128'):
            return self._m_ymm_hi128

        if self.has_ymm_hi128:
            _pos = self._io.pos()
            self._io.seek(576)
            self._m_ymm_hi128 = []
            for i in range(16):
                self._m_ymm_hi128.append(X86XsaveArea.UpperHalf(self._io, self, self._root))

            self._io.seek(_pos)

        return getattr(self, '_m_ymm_hi128', None)

    @property
    def xstate_bv_low(self):
        """The low half of XSTATE_BV (components 0-31), read apart so that every target tests its bits alike."""
        if hasattr(self, '_m_xstate_bv_low'):
            return self._m_xstate_bv_low

        _pos = self._io.pos()
        self._io.seek(512)
        self._m_xstate_bv_low = self._io.read_u4le()
        self._io.seek(_pos)
        return getattr(self, '_m_xstate_bv_low', None)

    @property
    def has_opmask(self):
        """Whether AVX-512's opmask registers are present and within the copied state."""
        if hasattr(self, '_m_has_opmask'):
            return self._m_has_opmask

        self._m_has_opmask =  ((self.standard_format) and ((self.xstate_bv_low & 32) != 0) and (self.state_size >= 1152)) 
        return getattr(self, '_m_has_opmask', None)

    @property
    def has_hi16_zmm(self):
        """Whether ZMM16-31 are present and within the copied state."""
        if hasattr(self, '_m_has_hi16_zmm'):
            return self._m_has_hi16_zmm

        self._m_has_hi16_zmm =  ((self.standard_format) and ((self.xstate_bv_low & 128) != 0) and (self.state_size >= 2688)) 
        return getattr(self, '_m_has_hi16_zmm', None)


