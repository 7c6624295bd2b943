# This is a generated file! Please edit source .ksy file and use kaitai-struct-compiler to rebuild

import kaitaistruct
from kaitaistruct import KaitaiStruct, KaitaiStream, BytesIO


if getattr(kaitaistruct, 'API_VERSION', (0, 9)) < (0, 9):
    raise Exception("Incompatible Kaitai Struct Python API: 0.9 or later is required, but you have %s" % (kaitaistruct.__version__))

class VboxCpuState(KaitaiStruct):
    """The registers of one vCPU from a "VBCPU" note (NT_VBOXCPU), in the DBGFCORECPU layout.
    Every layout starts with the same 0x228 bytes: general registers, segment registers, control
    and debug registers, descriptor tables, SYSENTER state and the MSRs up to the APIC base. What
    follows depends on the format version, and the note's size tells the layouts apart, so this
    schema picks the tail by the size of its stream (the note's n_descsz bytes):
      0x2230 (formats up to 0x00010003, VirtualBox 5.0): the XSAVE area at 0x230;
      0x2240 (formats 0x00010004 and 0x00010005): XCR0/XCR1, the XSAVE size, the area at 0x240;
      0x2248 (format 0x00010006): IA32_TSC_AUX first, then as 0x2240, the area at 0x248.
    Any other size leaves `tail` empty: the prefix is still decoded. Parses standalone from the
    note's descriptor bytes.
    
    .. seealso::
       (DBGFCORECPU) - https://www.virtualbox.org/browser/vbox/trunk/include/VBox/vmm/dbgfcorefmt.h
    
    
    .. seealso::
       (dbgfR3GetCoreCpu) - https://www.virtualbox.org/browser/vbox/trunk/src/VBox/VMM/VMMR3/DBGFCoreWrite.cpp
    """
    def __init__(self, _io, _parent=None, _root=None):
        self._io = _io
        self._parent = _parent
        self._root = _root if _root else self
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
        self.sysenter_cs = self._io.read_u8le()
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
        _on = self._io.size()
        if _on == 8752:
            self.tail = VboxCpuState.Tail2230(self._io, self, self._root)
        elif _on == 8768:
            self.tail = VboxCpuState.Tail2240(self._io, self, self._root)
        elif _on == 8776:
            self.tail = VboxCpuState.Tail2248(self._io, self, self._root)

    class Tail2248(KaitaiStruct):
        """The 0x2248-byte layout (format 0x00010006), which inserts IA32_TSC_AUX after the APIC base."""
        def __init__(self, _io, _parent=None, _root=None):
            self._io = _io
            self._parent = _parent
            self._root = _root if _root else self
            self._read()

        def _read(self):
            self.msr_tsc_aux = self._io.read_u8le()
            self.xcr0 = self._io.read_u8le()
            self.xcr1 = self._io.read_u8le()
            self.ext_size = self._io.read_u4le()
            self.padding0 = self._io.read_u4le()
            self.ext = VboxCpuState.XsaveArea(self._io, self, self._root)


    class Tail2230(KaitaiStruct):
        """The 0x2230-byte layout (VirtualBox 5.0, formats up to 0x00010003): nothing between the MSRs
        and the XSAVE area but alignment padding.
        """
        def __init__(self, _io, _parent=None, _root=None):
            self._io = _io
            self._parent = _parent
            self._root = _root if _root else self
            self._read()

        def _read(self):
            self.padding = self._io.read_bytes(8)
            self.ext = VboxCpuState.XsaveArea(self._io, self, self._root)


    class XsaveArea(KaitaiStruct):
        """The XSAVE area (X86XSAVEAREA, 8 KiB) - the legacy FXSAVE region, the XSAVE header, then extended components.
        
        .. seealso::
           (X86FXSTATE, X86XSAVEHDR, X86XSAVEAREA) - https://www.virtualbox.org/browser/vbox/trunk/include/iprt/x86.h
        """
        def __init__(self, _io, _parent=None, _root=None):
            self._io = _io
            self._parent = _parent
            self._root = _root if _root else self
            self._read()

        def _read(self):
            self.fcw = self._io.read_u2le()
            self.fsw = self._io.read_u2le()
            self.ftw = self._io.read_u1()
            self.reserved_ftw = self._io.read_u1()
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
                self.st.append(VboxCpuState.X87Register(self._io, self, self._root))

            self.xmm = []
            for i in range(16):
                self.xmm.append(VboxCpuState.XmmRegister(self._io, self, self._root))

            self.reserved_rest = self._io.read_bytes(48)
            self.reserved_software = self._io.read_bytes(48)
            self.xstate_bv = self._io.read_u8le()
            self.xcomp_bv = self._io.read_u8le()
            self.reserved_header = self._io.read_bytes(48)
            self.extended = self._io.read_bytes(7616)


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


    class Tail2240(KaitaiStruct):
        """The 0x2240-byte layout (formats 0x00010004 and 0x00010005)."""
        def __init__(self, _io, _parent=None, _root=None):
            self._io = _io
            self._parent = _parent
            self._root = _root if _root else self
            self._read()

        def _read(self):
            self.xcr0 = self._io.read_u8le()
            self.xcr1 = self._io.read_u8le()
            self.ext_size = self._io.read_u4le()
            self.padding0 = self._io.read_u4le()
            self.ext = VboxCpuState.XsaveArea(self._io, self, self._root)



