# This is a generated file! Please edit source .ksy file and use kaitai-struct-compiler to rebuild

import kaitaistruct
from kaitaistruct import KaitaiStruct, KaitaiStream, BytesIO
from enum import Enum


if getattr(kaitaistruct, 'API_VERSION', (0, 9)) < (0, 9):
    raise Exception("Incompatible Kaitai Struct Python API: 0.9 or later is required, but you have %s" % (kaitaistruct.__version__))

from vboxcore_parsers import x86_fxsave
class VboxCpumctx(KaitaiStruct):
    """Format 0x00010000 copied the VMM's own CPU context structure, CPUMCTX, into each VBCPU note.
    CPUMCTX is packed (identical on 32- and 64-bit hosts) and changed between releases, so the
    note's size tells the layouts apart:
      0x400 (4.0.x, 4.1.x): FXSAVE image, general registers in the order rdi rsi rbp rax rbx rdx
        rcx rsp, 16-bit selectors with their hidden parts kept apart, no APIC base;
      0x440 (4.2.x, 4.3.x): FXSAVE image, then general registers rax rcx rdx rbx rsp rbp rsi rdi,
        24-byte segment registers (CPUMSELREG), rip, rflags, and (4.3) the APIC base;
      0x240, 0x300 (5.0.0 beta 1, beta 2 - RC1): the 4.2 register block without the FPU state
        (host pointers took its place); beta 2 added XCR0/XCR1.
    Any other size leaves `body` empty. Offsets were read from each release's headers compiled
    (see the format notes), not counted by eye. Parses standalone from the note's descriptor bytes.
    
    .. seealso::
       (CPUMCTX, CPUMSELREG; include/VBox/cpum.h in 4.0) - https://www.virtualbox.org/browser/vbox/trunk/include/VBox/vmm/cpumctx.h
    
    
    .. seealso::
       (the writer) - https://www.virtualbox.org/browser/vbox/trunk/src/VBox/VMM/VMMR3/DBGFCoreWrite.cpp
    """

    class CpumctxLayout(Enum):
        unknown = 0
        v5_0_beta1 = 576
        v5_0_beta2 = 768
        v4_0 = 1024
        v4_2 = 1088
    def __init__(self, _io, _parent=None, _root=None):
        self._io = _io
        self._parent = _parent
        self._root = _root if _root else self
        self._read()

    def _read(self):
        _on = self.layout
        if _on == 576:
            self.body = VboxCpumctx.CpumctxV50Beta(False, self._io, self, self._root)
        elif _on == 768:
            self.body = VboxCpumctx.CpumctxV50Beta(True, self._io, self, self._root)
        elif _on == 1024:
            self.body = VboxCpumctx.CpumctxV40(self._io, self, self._root)
        elif _on == 1088:
            self.body = VboxCpumctx.CpumctxV42(self._io, self, self._root)

    class HiddenSelector(KaitaiStruct):
        """The hidden part of a segment register in 4.0/4.1 (CPUMSELREGHID, 16 bytes)."""
        def __init__(self, _io, _parent=None, _root=None):
            self._io = _io
            self._parent = _parent
            self._root = _root if _root else self
            self._read()

        def _read(self):
            self.base = self._io.read_u8le()
            self.limit = self._io.read_u4le()
            self.attributes = self._io.read_u4le()


    class PackedIdtr(KaitaiStruct):
        """IDTR as CPUMCTX packs it (VBOXIDTR, 10 bytes; the same layout as VBOXGDTR, its own member names)."""
        def __init__(self, _io, _parent=None, _root=None):
            self._io = _io
            self._parent = _parent
            self._root = _root if _root else self
            self._read()

        def _read(self):
            self.limit = self._io.read_u2le()
            self.base = self._io.read_u8le()


    class PackedXdtr(KaitaiStruct):
        """GDTR as CPUMCTX packs it (VBOXGDTR, 10 bytes; the base is not aligned)."""
        def __init__(self, _io, _parent=None, _root=None):
            self._io = _io
            self._parent = _parent
            self._root = _root if _root else self
            self._read()

        def _read(self):
            self.limit = self._io.read_u2le()
            self.base = self._io.read_u8le()


    class CpumSelReg(KaitaiStruct):
        """A segment register with its hidden part in 4.2 on (CPUMSELREG, 24 bytes)."""
        def __init__(self, _io, _parent=None, _root=None):
            self._io = _io
            self._parent = _parent
            self._root = _root if _root else self
            self._read()

        def _read(self):
            self.selector = self._io.read_u2le()
            self.padding_selector = self._io.read_u2le()
            self.valid_selector = self._io.read_u2le()
            self.flags = self._io.read_u2le()
            self.base = self._io.read_u8le()
            self.limit = self._io.read_u4le()
            self.attributes = self._io.read_u4le()


    class CpumctxV50Beta(KaitaiStruct):
        """CPUMCTX of the VirtualBox 5.0.0 pre-releases (0x240 or 0x300 bytes), without FPU state."""
        def __init__(self, has_xcr, _io, _parent=None, _root=None):
            self._io = _io
            self._parent = _parent
            self._root = _root if _root else self
            self.has_xcr = has_xcr
            self._read()

        def _read(self):
            self.registers = VboxCpumctx.RegisterBlock(self._io, self, self._root)
            if self.has_xcr:
                self.xcr = []
                for i in range(2):
                    self.xcr.append(self._io.read_u8le())


            self.rest = self._io.read_bytes_full()


    class CpumctxV40(KaitaiStruct):
        """CPUMCTX of VirtualBox 4.0 and 4.1 (0x400 bytes,."""
        def __init__(self, _io, _parent=None, _root=None):
            self._io = _io
            self._parent = _parent
            self._root = _root if _root else self
            self._read()

        def _read(self):
            self.fpu = x86_fxsave.X86Fxsave(self._io)
            self.rdi = self._io.read_u8le()
            self.rsi = self._io.read_u8le()
            self.rbp = self._io.read_u8le()
            self.rax = self._io.read_u8le()
            self.rbx = self._io.read_u8le()
            self.rdx = self._io.read_u8le()
            self.rcx = self._io.read_u8le()
            self.rsp = self._io.read_u8le()
            self.lss_esp = self._io.read_u4le()
            self.ss = self._io.read_u2le()
            self.ss_padding = self._io.read_u2le()
            self.gs = self._io.read_u2le()
            self.gs_padding = self._io.read_u2le()
            self.fs = self._io.read_u2le()
            self.fs_padding = self._io.read_u2le()
            self.es = self._io.read_u2le()
            self.es_padding = self._io.read_u2le()
            self.ds = self._io.read_u2le()
            self.ds_padding = self._io.read_u2le()
            self.cs = self._io.read_u2le()
            self.cs_padding = self._io.read_bytes(6)
            self.rflags = self._io.read_u8le()
            self.rip = self._io.read_u8le()
            self.r8 = self._io.read_u8le()
            self.r9 = self._io.read_u8le()
            self.r10 = self._io.read_u8le()
            self.r11 = self._io.read_u8le()
            self.r12 = self._io.read_u8le()
            self.r13 = self._io.read_u8le()
            self.r14 = self._io.read_u8le()
            self.r15 = self._io.read_u8le()
            self.es_hid = VboxCpumctx.HiddenSelector(self._io, self, self._root)
            self.cs_hid = VboxCpumctx.HiddenSelector(self._io, self, self._root)
            self.ss_hid = VboxCpumctx.HiddenSelector(self._io, self, self._root)
            self.ds_hid = VboxCpumctx.HiddenSelector(self._io, self, self._root)
            self.fs_hid = VboxCpumctx.HiddenSelector(self._io, self, self._root)
            self.gs_hid = VboxCpumctx.HiddenSelector(self._io, self, self._root)
            self.cr0 = self._io.read_u8le()
            self.cr2 = self._io.read_u8le()
            self.cr3 = self._io.read_u8le()
            self.cr4 = self._io.read_u8le()
            self.dr = []
            for i in range(8):
                self.dr.append(self._io.read_u8le())

            self.gdtr = VboxCpumctx.PackedXdtr(self._io, self, self._root)
            self.gdtr_padding = self._io.read_u2le()
            self.idtr = VboxCpumctx.PackedIdtr(self._io, self, self._root)
            self.idtr_padding = self._io.read_u2le()
            self.ldtr = self._io.read_u2le()
            self.ldtr_padding = self._io.read_u2le()
            self.tr = self._io.read_u2le()
            self.tr_padding = self._io.read_u2le()
            self.sys_enter = VboxCpumctx.CpumSysenter(self._io, self, self._root)
            self.msr_efer = self._io.read_u8le()
            self.msr_star = self._io.read_u8le()
            self.msr_pat = self._io.read_u8le()
            self.msr_lstar = self._io.read_u8le()
            self.msr_cstar = self._io.read_u8le()
            self.msr_sfmask = self._io.read_u8le()
            self.msr_kernel_gs_base = self._io.read_u8le()
            self.ldtr_hid = VboxCpumctx.HiddenSelector(self._io, self, self._root)
            self.tr_hid = VboxCpumctx.HiddenSelector(self._io, self, self._root)


    class CpumctxV42(KaitaiStruct):
        """CPUMCTX of VirtualBox 4.2 and 4.3 (0x440 bytes)."""
        def __init__(self, _io, _parent=None, _root=None):
            self._io = _io
            self._parent = _parent
            self._root = _root if _root else self
            self._read()

        def _read(self):
            self.fpu = x86_fxsave.X86Fxsave(self._io)
            self.registers = VboxCpumctx.RegisterBlock(self._io, self, self._root)
            self.size_padding = self._io.read_bytes(24)


    class RegisterBlock(KaitaiStruct):
        """The part of CPUMCTX from RAX to the APIC base that 4.2, 4.3 and the 5.0 betas share
        (0x228 bytes; at 0x200 in 4.2/4.3, at 0 in the 5.0 betas).
        """
        def __init__(self, _io, _parent=None, _root=None):
            self._io = _io
            self._parent = _parent
            self._root = _root if _root else self
            self._read()

        def _read(self):
            self.rax = self._io.read_u8le()
            self.rcx = self._io.read_u8le()
            self.rdx = self._io.read_u8le()
            self.rbx = self._io.read_u8le()
            self.rsp = self._io.read_u8le()
            self.rbp = self._io.read_u8le()
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
            self.es = VboxCpumctx.CpumSelReg(self._io, self, self._root)
            self.cs = VboxCpumctx.CpumSelReg(self._io, self, self._root)
            self.ss = VboxCpumctx.CpumSelReg(self._io, self, self._root)
            self.ds = VboxCpumctx.CpumSelReg(self._io, self, self._root)
            self.fs = VboxCpumctx.CpumSelReg(self._io, self, self._root)
            self.gs = VboxCpumctx.CpumSelReg(self._io, self, self._root)
            self.rip = self._io.read_u8le()
            self.rflags = self._io.read_u8le()
            self.cr0 = self._io.read_u8le()
            self.cr2 = self._io.read_u8le()
            self.cr3 = self._io.read_u8le()
            self.cr4 = self._io.read_u8le()
            self.dr = []
            for i in range(8):
                self.dr.append(self._io.read_u8le())

            self.gdtr_padding = self._io.read_bytes(6)
            self.gdtr = VboxCpumctx.PackedXdtr(self._io, self, self._root)
            self.idtr_padding = self._io.read_bytes(6)
            self.idtr = VboxCpumctx.PackedIdtr(self._io, self, self._root)
            self.ldtr = VboxCpumctx.CpumSelReg(self._io, self, self._root)
            self.tr = VboxCpumctx.CpumSelReg(self._io, self, self._root)
            self.sys_enter = VboxCpumctx.CpumSysenter(self._io, self, self._root)
            self.msr_efer = self._io.read_u8le()
            self.msr_star = self._io.read_u8le()
            self.msr_pat = self._io.read_u8le()
            self.msr_lstar = self._io.read_u8le()
            self.msr_cstar = self._io.read_u8le()
            self.msr_sfmask = self._io.read_u8le()
            self.msr_kernel_gs_base = self._io.read_u8le()
            self.msr_apic_base = self._io.read_u8le()


    class CpumSysenter(KaitaiStruct):
        """The SYSENTER MSRs (CPUMSYSENTER, 24 bytes)."""
        def __init__(self, _io, _parent=None, _root=None):
            self._io = _io
            self._parent = _parent
            self._root = _root if _root else self
            self._read()

        def _read(self):
            self.cs = self._io.read_u8le()
            self.eip = self._io.read_u8le()
            self.esp = self._io.read_u8le()


    @property
    def layout(self):
        """Which release's CPUMCTX the note holds, a `cpumctx_layout` value named by its size (0, unknown, for any other size)."""
        if hasattr(self, '_m_layout'):
            return self._m_layout

        self._m_layout = (1024 if self._io.size() == 1024 else (1088 if self._io.size() == 1088 else (576 if self._io.size() == 576 else (768 if self._io.size() == 768 else 0))))
        return getattr(self, '_m_layout', None)


