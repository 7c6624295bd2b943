# This is a generated file! Please edit source .ksy file and use kaitai-struct-compiler to rebuild

import kaitaistruct
from kaitaistruct import KaitaiStruct, KaitaiStream, BytesIO
from enum import Enum


if getattr(kaitaistruct, 'API_VERSION', (0, 9)) < (0, 9):
    raise Exception("Incompatible Kaitai Struct Python API: 0.9 or later is required, but you have %s" % (kaitaistruct.__version__))

class ElfPrstatusX86(KaitaiStruct):
    """The descriptor of a "CORE" note of type NT_PRSTATUS (1): the signal and process fields of
    Linux's struct elf_prstatus and the general registers. A QEMU guest core holds one per vCPU,
    with `pr_pid` = vCPU index + 1 and zeros in the process fields. The layout depends on the
    architecture of the core, and its size tells the two apart, so this schema picks it by the
    size of its stream (the note's n_descsz bytes): 0x150 for x86-64 (QEMU writes it when the
    first vCPU is in long mode), 0x90 for i386. Any other size leaves `body` empty. Parses
    standalone from the note's descriptor bytes.
    
    .. seealso::
       (x86_64_elf_prstatus, x86_elf_prstatus) - https://gitlab.com/qemu-project/qemu/-/blob/v7.2.0/target/i386/arch_dump.c
    
    
    .. seealso::
       (struct elf_prstatus) - https://github.com/torvalds/linux/blob/v6.1/include/uapi/linux/elfcore.h
    """

    class PrstatusLayout(Enum):
        unknown = 0
        i386 = 1
        x86_64 = 2
    def __init__(self, _io, _parent=None, _root=None):
        self._io = _io
        self._parent = _parent
        self._root = _root if _root else self
        self._read()

    def _read(self):
        _on = self.layout
        if _on == 1:
            self.body = ElfPrstatusX86.PrstatusI386(self._io, self, self._root)
        elif _on == 2:
            self.body = ElfPrstatusX86.PrstatusX8664(self._io, self, self._root)

    class PrstatusX8664(KaitaiStruct):
        """struct elf_prstatus of x86-64 (336 bytes)."""
        def __init__(self, _io, _parent=None, _root=None):
            self._io = _io
            self._parent = _parent
            self._root = _root if _root else self
            self._read()

        def _read(self):
            self.si_signo = self._io.read_s4le()
            self.si_code = self._io.read_s4le()
            self.si_errno = self._io.read_s4le()
            self.pr_cursig = self._io.read_s2le()
            self.pad_cursig = self._io.read_bytes(2)
            self.pr_sigpend = self._io.read_u8le()
            self.pr_sighold = self._io.read_u8le()
            self.pr_pid = self._io.read_s4le()
            self.pr_ppid = self._io.read_s4le()
            self.pr_pgrp = self._io.read_s4le()
            self.pr_sid = self._io.read_s4le()
            self.pr_times = self._io.read_bytes(64)
            self.regs = ElfPrstatusX86.UserRegsX8664(self._io, self, self._root)
            self.pr_fpvalid = self._io.read_s4le()
            self.pad_end = self._io.read_bytes(4)


    class PrstatusI386(KaitaiStruct):
        """struct elf_prstatus of i386 (144 bytes)."""
        def __init__(self, _io, _parent=None, _root=None):
            self._io = _io
            self._parent = _parent
            self._root = _root if _root else self
            self._read()

        def _read(self):
            self.si_signo = self._io.read_s4le()
            self.si_code = self._io.read_s4le()
            self.si_errno = self._io.read_s4le()
            self.pr_cursig = self._io.read_s2le()
            self.pad_cursig = self._io.read_bytes(2)
            self.pr_sigpend = self._io.read_u4le()
            self.pr_sighold = self._io.read_u4le()
            self.pr_pid = self._io.read_s4le()
            self.pr_ppid = self._io.read_s4le()
            self.pr_pgrp = self._io.read_s4le()
            self.pr_sid = self._io.read_s4le()
            self.pr_times = self._io.read_bytes(32)
            self.regs = ElfPrstatusX86.UserRegsI386(self._io, self, self._root)
            self.pr_fpvalid = self._io.read_s4le()


    class UserRegsX8664(KaitaiStruct):
        """struct user_regs_struct of x86-64, 27 registers of 8 bytes, in the kernel's order."""
        def __init__(self, _io, _parent=None, _root=None):
            self._io = _io
            self._parent = _parent
            self._root = _root if _root else self
            self._read()

        def _read(self):
            self.r15 = self._io.read_u8le()
            self.r14 = self._io.read_u8le()
            self.r13 = self._io.read_u8le()
            self.r12 = self._io.read_u8le()
            self.rbp = self._io.read_u8le()
            self.rbx = self._io.read_u8le()
            self.r11 = self._io.read_u8le()
            self.r10 = self._io.read_u8le()
            self.r9 = self._io.read_u8le()
            self.r8 = self._io.read_u8le()
            self.rax = self._io.read_u8le()
            self.rcx = self._io.read_u8le()
            self.rdx = self._io.read_u8le()
            self.rsi = self._io.read_u8le()
            self.rdi = self._io.read_u8le()
            self.orig_rax = self._io.read_u8le()
            self.rip = self._io.read_u8le()
            self.cs = self._io.read_u8le()
            self.eflags = self._io.read_u8le()
            self.rsp = self._io.read_u8le()
            self.ss = self._io.read_u8le()
            self.fs_base = self._io.read_u8le()
            self.gs_base = self._io.read_u8le()
            self.ds = self._io.read_u8le()
            self.es = self._io.read_u8le()
            self.fs = self._io.read_u8le()
            self.gs = self._io.read_u8le()


    class UserRegsI386(KaitaiStruct):
        """struct user_regs_struct of i386, 17 registers of 4 bytes, in the kernel's order."""
        def __init__(self, _io, _parent=None, _root=None):
            self._io = _io
            self._parent = _parent
            self._root = _root if _root else self
            self._read()

        def _read(self):
            self.ebx = self._io.read_u4le()
            self.ecx = self._io.read_u4le()
            self.edx = self._io.read_u4le()
            self.esi = self._io.read_u4le()
            self.edi = self._io.read_u4le()
            self.ebp = self._io.read_u4le()
            self.eax = self._io.read_u4le()
            self.ds = self._io.read_u4le()
            self.es = self._io.read_u4le()
            self.fs = self._io.read_u4le()
            self.gs = self._io.read_u4le()
            self.orig_eax = self._io.read_u4le()
            self.eip = self._io.read_u4le()
            self.cs = self._io.read_u4le()
            self.eflags = self._io.read_u4le()
            self.esp = self._io.read_u4le()
            self.ss = self._io.read_u4le()


    @property
    def layout(self):
        """The layout the size of the stream names, a `prstatus_layout` value (0 for any other size).
        An integer instance rather than a switch on the size itself, which is a 64-bit value that
        Java cannot switch on, and rather than an enum-typed instance, which generated Go cannot
        return from an expression that can fail. (Small values, not the sizes: Go types each branch
        of the condition by its literal, and 0x90 and 0x150 would get different types.)
        """
        if hasattr(self, '_m_layout'):
            return self._m_layout

        self._m_layout = (2 if self._io.size() == 336 else (1 if self._io.size() == 144 else 0))
        return getattr(self, '_m_layout', None)


