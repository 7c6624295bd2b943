# This is a generated file! Please edit source .ksy file and use kaitai-struct-compiler to rebuild

import kaitaistruct
from kaitaistruct import KaitaiStruct, KaitaiStream, BytesIO
from enum import Enum


if getattr(kaitaistruct, 'API_VERSION', (0, 9)) < (0, 9):
    raise Exception("Incompatible Kaitai Struct Python API: 0.9 or later is required, but you have %s" % (kaitaistruct.__version__))

from vboxcore_parsers import vbox_cpumctx
from vboxcore_parsers import x86_xsave_area
class VboxCpuState(KaitaiStruct):
    """The registers of one vCPU from a "VBCPU" note (NT_VBOXCPU). What the note holds depends on
    the core format version and on the compiler of the host VirtualBox ran on:
      format 0x00010000 (4.0 - 4.3, 5.0.0 betas): the raw CPUMCTX of the release (vbox_cpumctx),
        0x400, 0x440, 0x240 or 0x300 bytes;
      format 0x00010002 (5.0.0 RC2 - 5.0.0): DBGFCORECPU, 0x2220 bytes;
      format 0x00010003 (5.0.2 - 5.1.0 beta 1): adds cbExt; 0x2230 bytes from gcc/clang hosts,
        0x2228 from Windows and 32-bit hosts;
      format 0x00010005 (5.1.0 beta 3 - 6.1.x): adds rflags, sysenter becomes three fields; 0x2240;
      format 0x00010006 (7.0 on): adds msrTscAux; 0x2250 (gcc/clang hosts) or 0x2248 (Windows).
    The format version and the note's size pick the layout (`layout`): a pair a release wrote names
    it exactly; a size a release wrote under another format version is decoded by the size; a size
    no release wrote falls back to the format version's DBGFCORECPU, when the note holds its fields
    and the 8 KiB XSAVE area (which always starts at n_descsz - 0x2000). The parameter is the
    format version of the dump's VBCORE descriptor (0 when it is unknown). Parses standalone from
    the note's descriptor bytes.
    
    .. seealso::
       (DBGFCORECPU, DBGFCORE_FMT_VERSION) - https://www.virtualbox.org/browser/vbox/trunk/include/VBox/vmm/dbgfcorefmt.h
    
    
    .. seealso::
       (dbgfR3GetCoreCpu) - https://www.virtualbox.org/browser/vbox/trunk/src/VBox/VMM/VMMR3/DBGFCoreWrite.cpp
    """

    class CpuLayout(Enum):
        unknown = 0
        cpumctx = 65536
        dbgfcorecpu_v2 = 65538
        dbgfcorecpu_v3 = 65539
        dbgfcorecpu_v5 = 65541
        dbgfcorecpu_v6 = 65542
    def __init__(self, format_version, _io, _parent=None, _root=None):
        self._io = _io
        self._parent = _parent
        self._root = _root if _root else self
        self.format_version = format_version
        self._read()

    def _read(self):
        _on = self.layout
        if _on == 65542:
            self.body = VboxCpuState.Dbgfcorecpu(6, self._io, self, self._root)
        elif _on == 65541:
            self.body = VboxCpuState.Dbgfcorecpu(5, self._io, self, self._root)
        elif _on == 65538:
            self.body = VboxCpuState.Dbgfcorecpu(2, self._io, self, self._root)
        elif _on == 65539:
            self.body = VboxCpuState.Dbgfcorecpu(3, self._io, self, self._root)
        elif _on == 65536:
            self.body = vbox_cpumctx.VboxCpumctx(self._io)

    class Dbgfcorecpu(KaitaiStruct):
        """DBGFCORECPU of format 0x0001000<version>. Fields come and go by version; the offsets of
        each version are the same on every host, only the alignment of the XSAVE area differs.
        """
        def __init__(self, version, _io, _parent=None, _root=None):
            self._io = _io
            self._parent = _parent
            self._root = _root if _root else self
            self.version = version
            self._read()

        def _read(self):
            self.rax = self._io.read_u8le()
            self.rbx = self._io.read_u8le()
            self.rcx = self._io.read_u8le()
            self.rdx = self._io.read_u8le()
            self.rsi = self._io.read_u8le()
            self.rdi = self._io.read_u8le()
            self.r8 = self._io.read_u8le()
            self.r9 = self._io.read_u8le()
            self.r10 = self._io.read_u8le()
            self.r11 = self._io.read_u8le()
            self.r12 = self._io.read_u8le()
            self.r13 = self._io.read_u8le()
            self.r14 = self._io.read_u8le()
            self.r15 = self._io.read_u8le()
            self.rip = self._io.read_u8le()
            self.rsp = self._io.read_u8le()
            self.rbp = self._io.read_u8le()
            if self.version >= 5:
                self.rflags = self._io.read_u8le()

            self.cs = VboxCpuState.Segment(self._io, self, self._root)
            self.ds = VboxCpuState.Segment(self._io, self, self._root)
            self.es = VboxCpuState.Segment(self._io, self, self._root)
            self.fs = VboxCpuState.Segment(self._io, self, self._root)
            self.gs = VboxCpuState.Segment(self._io, self, self._root)
            self.ss = VboxCpuState.Segment(self._io, self, self._root)
            self.cr0 = self._io.read_u8le()
            self.cr2 = self._io.read_u8le()
            self.cr3 = self._io.read_u8le()
            self.cr4 = self._io.read_u8le()
            self.dr = []
            for i in range(8):
                self.dr.append(self._io.read_u8le())

            self.gdtr = VboxCpuState.DescriptorTable(self._io, self, self._root)
            self.idtr = VboxCpuState.DescriptorTable(self._io, self, self._root)
            self.ldtr = VboxCpuState.Segment(self._io, self, self._root)
            self.tr = VboxCpuState.Segment(self._io, self, self._root)
            if self.version >= 5:
                self.sysenter_cs = self._io.read_u8le()

            if self.version >= 5:
                self.sysenter_eip = self._io.read_u8le()

            self.sysenter_esp = self._io.read_u8le()
            self.msr_efer = self._io.read_u8le()
            self.msr_star = self._io.read_u8le()
            self.msr_pat = self._io.read_u8le()
            self.msr_lstar = self._io.read_u8le()
            self.msr_cstar = self._io.read_u8le()
            self.msr_sfmask = self._io.read_u8le()
            self.msr_kernel_gs_base = self._io.read_u8le()
            self.msr_apic_base = self._io.read_u8le()
            if self.version >= 6:
                self.msr_tsc_aux = self._io.read_u8le()

            self.xcr = []
            for i in range(2):
                self.xcr.append(self._io.read_u8le())

            if self.version >= 3:
                self.ext_size = self._io.read_u4le()

            if self.version >= 3:
                self.padding0 = self._io.read_u4le()

            self.ext_alignment = self._io.read_bytes(((self._io.size() - 8192) - self._io.pos()))
            self._raw_ext = self._io.read_bytes(8192)
            _io__raw_ext = KaitaiStream(BytesIO(self._raw_ext))
            self.ext = x86_xsave_area.X86XsaveArea((self.ext_size_unconditional if self.version >= 3 else 8192), _io__raw_ext)

        @property
        def ext_size_unconditional(self):
            """cbExt read again where `ext_size` is (after rflags from format 0x00010005, after
            msrTscAux from 0x00010006), without its `if`: in C# a conditional field is nullable,
            which the XSAVE area's parameter cannot take (the layout tool checks `ext_size` itself
            against the headers). Meaningless, and unused, before format 0x00010003.
            """
            if hasattr(self, '_m_ext_size_unconditional'):
                return self._m_ext_size_unconditional

            _pos = self._io.pos()
            self._io.seek(((544 + (24 if self.version >= 5 else 0)) + (8 if self.version >= 6 else 0)))
            self._m_ext_size_unconditional = self._io.read_u4le()
            self._io.seek(_pos)
            return getattr(self, '_m_ext_size_unconditional', None)


    class Segment(KaitaiStruct):
        """A segment register with its hidden part (DBGFCORESEL, 24 bytes)."""
        def __init__(self, _io, _parent=None, _root=None):
            self._io = _io
            self._parent = _parent
            self._root = _root if _root else self
            self._read()

        def _read(self):
            self.base = self._io.read_u8le()
            self.limit = self._io.read_u4le()
            self.attributes = self._io.read_u4le()
            self.selector = self._io.read_u2le()
            self.reserved0 = self._io.read_u2le()
            self.reserved1 = self._io.read_u4le()


    class DescriptorTable(KaitaiStruct):
        """GDTR or IDTR (DBGFCOREXDTR, 16 bytes)."""
        def __init__(self, _io, _parent=None, _root=None):
            self._io = _io
            self._parent = _parent
            self._root = _root if _root else self
            self._read()

        def _read(self):
            self.base = self._io.read_u8le()
            self.limit = self._io.read_u4le()
            self.reserved0 = self._io.read_u4le()


    @property
    def layout_released(self):
        """The `cpu_layout` of a release that wrote this format version at this note size (exact), or 0 (unknown)."""
        if hasattr(self, '_m_layout_released'):
            return self._m_layout_released

        self._m_layout_released = (65536 if  ((self.format_version == 65536) and ( ((self._io.size() == 1024) or (self._io.size() == 1088) or (self._io.size() == 576) or (self._io.size() == 768)) ))  else (65538 if  ((self.format_version == 65538) and (self._io.size() == 8736))  else (65539 if  ((self.format_version == 65539) and ( ((self._io.size() == 8752) or (self._io.size() == 8744)) ))  else (65541 if  ((self.format_version == 65541) and (self._io.size() == 8768))  else (65542 if  ((self.format_version == 65542) and ( ((self._io.size() == 8784) or (self._io.size() == 8776)) ))  else 0)))))
        return getattr(self, '_m_layout_released', None)

    @property
    def layout_by_size(self):
        """The `cpu_layout` a release wrote at this note size, whatever the format version says, or 0 (unknown)."""
        if hasattr(self, '_m_layout_by_size'):
            return self._m_layout_by_size

        self._m_layout_by_size = (65536 if  ((self._io.size() == 1024) or (self._io.size() == 1088) or (self._io.size() == 576) or (self._io.size() == 768))  else (65538 if self._io.size() == 8736 else (65539 if  ((self._io.size() == 8752) or (self._io.size() == 8744))  else (65541 if self._io.size() == 8768 else (65542 if  ((self._io.size() == 8784) or (self._io.size() == 8776))  else 0)))))
        return getattr(self, '_m_layout_by_size', None)

    @property
    def layout_by_version(self):
        """The format version's DBGFCORECPU (a `cpu_layout`) when the note is large enough to hold it, or 0 (unknown)."""
        if hasattr(self, '_m_layout_by_version'):
            return self._m_layout_by_version

        self._m_layout_by_version = (65538 if  ((self.format_version == 65538) and (self._io.size() >= 8736))  else (65539 if  ((self.format_version == 65539) and (self._io.size() >= 8744))  else (65541 if  ((self.format_version == 65541) and (self._io.size() >= 8768))  else (65542 if  ((self.format_version == 65542) and (self._io.size() >= 8776))  else 0))))
        return getattr(self, '_m_layout_by_version', None)

    @property
    def layout(self):
        """The layout decoded, a `cpu_layout` value: the release's for this format version and size
        (exact); else the one a release wrote at this size (the format version contradicts it);
        else the format version's, with the XSAVE area in the last 8 KiB (a size no release wrote:
        inferred).
        """
        if hasattr(self, '_m_layout'):
            return self._m_layout

        self._m_layout = (self.layout_released if self.layout_released != 0 else (self.layout_by_size if self.layout_by_size != 0 else self.layout_by_version))
        return getattr(self, '_m_layout', None)


