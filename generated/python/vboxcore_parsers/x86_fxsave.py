# This is a generated file! Please edit source .ksy file and use kaitai-struct-compiler to rebuild

import kaitaistruct
from kaitaistruct import KaitaiStruct, KaitaiStream, BytesIO


if getattr(kaitaistruct, 'API_VERSION', (0, 9)) < (0, 9):
    raise Exception("Incompatible Kaitai Struct Python API: 0.9 or later is required, but you have %s" % (kaitaistruct.__version__))

class X86Fxsave(KaitaiStruct):
    """The 512-byte image FXSAVE writes: the x87 FPU environment, MXCSR, the eight x87/MMX registers
    and the sixteen XMM registers. VirtualBox keeps it at the start of CPUMCTX (formats 0x00010000)
    and at the start of the XSAVE area of DBGFCORECPU (formats 0x00010002 on). Parses standalone
    from the 512 bytes.
    
    .. seealso::
       Intel SDM vol. 1, 10.5.1 (FXSAVE area layout)
    
    
    .. seealso::
       (X86FXSTATE) - https://www.virtualbox.org/browser/vbox/trunk/include/iprt/x86.h
    """
    def __init__(self, _io, _parent=None, _root=None):
        self._io = _io
        self._parent = _parent
        self._root = _root if _root else self
        self._read()

    def _read(self):
        self.fcw = self._io.read_u2le()
        self.fsw = self._io.read_u2le()
        self.ftw = self._io.read_u2le()
        self.fop = self._io.read_u2le()
        self.fpu_ip = self._io.read_u4le()
        self.fpu_cs = self._io.read_u2le()
        self.reserved1 = self._io.read_u2le()
        self.fpu_dp = self._io.read_u4le()
        self.fpu_ds = self._io.read_u2le()
        self.reserved2 = self._io.read_u2le()
        self.mxcsr = self._io.read_u4le()
        self.mxcsr_mask = self._io.read_u4le()
        self.st = []
        for i in range(8):
            self.st.append(X86Fxsave.X87Register(self._io, self, self._root))

        self.xmm = []
        for i in range(16):
            self.xmm.append(X86Fxsave.XmmRegister(self._io, self, self._root))

        self.reserved_rest = self._io.read_bytes(48)
        self.reserved_software = self._io.read_bytes(48)

    class X87Register(KaitaiStruct):
        """One x87 register slot (X86FPUREG, 16 bytes) - an 80-bit value and padding."""
        def __init__(self, _io, _parent=None, _root=None):
            self._io = _io
            self._parent = _parent
            self._root = _root if _root else self
            self._read()

        def _read(self):
            self.mantissa = self._io.read_u8le()
            self.sign_exponent = self._io.read_u2le()
            self.reserved = self._io.read_bytes(6)


    class XmmRegister(KaitaiStruct):
        """One 128-bit SSE register (X86XMMREG)."""
        def __init__(self, _io, _parent=None, _root=None):
            self._io = _io
            self._parent = _parent
            self._root = _root if _root else self
            self._read()

        def _read(self):
            self.low = self._io.read_u8le()
            self.high = self._io.read_u8le()



