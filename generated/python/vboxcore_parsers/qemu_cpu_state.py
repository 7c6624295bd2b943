# This is a generated file! Please edit source .ksy file and use kaitai-struct-compiler to rebuild

import kaitaistruct
from kaitaistruct import KaitaiStruct, KaitaiStream, BytesIO


if getattr(kaitaistruct, 'API_VERSION', (0, 9)) < (0, 9):
    raise Exception("Incompatible Kaitai Struct Python API: 0.9 or later is required, but you have %s" % (kaitaistruct.__version__))

class QemuCpuState(KaitaiStruct):
    """The registers of one vCPU from a "QEMU" note (n_type 0) of a QEMU guest core. QEMU writes
    one per vCPU after all NT_PRSTATUS notes, for every x86 guest mode. It holds the general
    registers, every segment register with its hidden part, the descriptor tables and CR0-CR4,
    so a reader learns the paging mode and CR3 from it; it does not hold EFER or other MSRs
    beyond KERNEL_GS_BASE. Fields are only ever appended: `size` says how many bytes are
    valid, and `kernel_gs_base` exists when the note is long enough. Parses standalone from the
    note's descriptor bytes.
    
    .. seealso::
       (QEMUCPUState, qemu_get_cpustate) - https://gitlab.com/qemu-project/qemu/-/blob/v7.2.0/target/i386/arch_dump.c
    
    
    .. seealso::
       Source - https://gitlab.com/qemu-project/qemu/-/blob/v7.2.0/contrib/elf2dmp/qemu_elf.h
    """
    def __init__(self, _io, _parent=None, _root=None):
        self._io = _io
        self._parent = _parent
        self._root = _root if _root else self
        self._read()

    def _read(self):
        self.version = self._io.read_u4le()
        self.size = self._io.read_u4le()
        self.rax = self._io.read_u8le()
        self.rbx = self._io.read_u8le()
        self.rcx = self._io.read_u8le()
        self.rdx = self._io.read_u8le()
        self.rsi = self._io.read_u8le()
        self.rdi = self._io.read_u8le()
        self.rsp = self._io.read_u8le()
        self.rbp = self._io.read_u8le()
        self.r8 = self._io.read_u8le()
        self.r9 = self._io.read_u8le()
        self.r10 = self._io.read_u8le()
        self.r11 = self._io.read_u8le()
        self.r12 = self._io.read_u8le()
        self.r13 = self._io.read_u8le()
        self.r14 = self._io.read_u8le()
        self.r15 = self._io.read_u8le()
        self.rip = self._io.read_u8le()
        self.rflags = self._io.read_u8le()
        self.cs = QemuCpuState.Segment(self._io, self, self._root)
        self.ds = QemuCpuState.Segment(self._io, self, self._root)
        self.es = QemuCpuState.Segment(self._io, self, self._root)
        self.fs = QemuCpuState.Segment(self._io, self, self._root)
        self.gs = QemuCpuState.Segment(self._io, self, self._root)
        self.ss = QemuCpuState.Segment(self._io, self, self._root)
        self.ldt = QemuCpuState.Segment(self._io, self, self._root)
        self.tr = QemuCpuState.Segment(self._io, self, self._root)
        self.gdt = QemuCpuState.Segment(self._io, self, self._root)
        self.idt = QemuCpuState.Segment(self._io, self, self._root)
        self.cr0 = self._io.read_u8le()
        self.cr1 = self._io.read_u8le()
        self.cr2 = self._io.read_u8le()
        self.cr3 = self._io.read_u8le()
        self.cr4 = self._io.read_u8le()
        if self._io.size() >= 440:
            self.kernel_gs_base = self._io.read_u8le()


    class Segment(KaitaiStruct):
        """A segment register as QEMU's SegmentCache keeps it (QEMUCPUSegment, 24 bytes)."""
        def __init__(self, _io, _parent=None, _root=None):
            self._io = _io
            self._parent = _parent
            self._root = _root if _root else self
            self._read()

        def _read(self):
            self.selector = self._io.read_u4le()
            self.limit = self._io.read_u4le()
            self.flags = self._io.read_u4le()
            self.pad = self._io.read_u4le()
            self.base = self._io.read_u8le()



