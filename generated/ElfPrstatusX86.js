// This is a generated file! Please edit source .ksy file and use kaitai-struct-compiler to rebuild

(function (root, factory) {
  if (typeof define === 'function' && define.amd) {
    define(['exports', 'kaitai-struct/KaitaiStream'], factory);
  } else if (typeof exports === 'object' && exports !== null && typeof exports.nodeType !== 'number') {
    factory(exports, require('kaitai-struct/KaitaiStream'));
  } else {
    factory(root.ElfPrstatusX86 || (root.ElfPrstatusX86 = {}), root.KaitaiStream);
  }
})(typeof self !== 'undefined' ? self : this, function (ElfPrstatusX86_, KaitaiStream) {
/**
 * The descriptor of a "CORE" note of type NT_PRSTATUS (1): the signal and process fields of
 * Linux's struct elf_prstatus and the general registers. A QEMU guest core holds one per vCPU,
 * with `pr_pid` = vCPU index + 1 and zeros in the process fields. The layout depends on the
 * architecture of the core, and its size tells the two apart, so this schema picks it by the
 * size of its stream (the note's n_descsz bytes): 0x150 for x86-64 (QEMU writes it when the
 * first vCPU is in long mode), 0x90 for i386. Any other size leaves `body` empty. Parses
 * standalone from the note's descriptor bytes.
 * @see {@link https://gitlab.com/qemu-project/qemu/-/blob/v7.2.0/target/i386/arch_dump.c|(x86_64_elf_prstatus, x86_elf_prstatus)}
 * @see {@link https://github.com/torvalds/linux/blob/v6.1/include/uapi/linux/elfcore.h|(struct elf_prstatus)}
 */

var ElfPrstatusX86 = (function() {
  ElfPrstatusX86.PrstatusLayout = Object.freeze({
    UNKNOWN: 0,
    I386: 1,
    X86_64: 2,

    0: "UNKNOWN",
    1: "I386",
    2: "X86_64",
  });

  function ElfPrstatusX86(_io, _parent, _root) {
    this._io = _io;
    this._parent = _parent;
    this._root = _root || this;
    this._debug = {};

  }
  ElfPrstatusX86.prototype._read = function() {
    this._debug.body = { start: this._io.pos, ioOffset: this._io.byteOffset };
    switch (this.layout) {
    case 1:
      this.body = new PrstatusI386(this._io, this, this._root);
      this.body._read();
      break;
    case 2:
      this.body = new PrstatusX8664(this._io, this, this._root);
      this.body._read();
      break;
    }
    this._debug.body.end = this._io.pos;
  }

  /**
   * struct elf_prstatus of i386 (144 bytes).
   */

  var PrstatusI386 = ElfPrstatusX86.PrstatusI386 = (function() {
    function PrstatusI386(_io, _parent, _root) {
      this._io = _io;
      this._parent = _parent;
      this._root = _root;
      this._debug = {};

    }
    PrstatusI386.prototype._read = function() {
      this._debug.siSigno = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.siSigno = this._io.readS4le();
      this._debug.siSigno.end = this._io.pos;
      this._debug.siCode = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.siCode = this._io.readS4le();
      this._debug.siCode.end = this._io.pos;
      this._debug.siErrno = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.siErrno = this._io.readS4le();
      this._debug.siErrno.end = this._io.pos;
      this._debug.prCursig = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.prCursig = this._io.readS2le();
      this._debug.prCursig.end = this._io.pos;
      this._debug.padCursig = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.padCursig = this._io.readBytes(2);
      this._debug.padCursig.end = this._io.pos;
      this._debug.prSigpend = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.prSigpend = this._io.readU4le();
      this._debug.prSigpend.end = this._io.pos;
      this._debug.prSighold = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.prSighold = this._io.readU4le();
      this._debug.prSighold.end = this._io.pos;
      this._debug.prPid = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.prPid = this._io.readS4le();
      this._debug.prPid.end = this._io.pos;
      this._debug.prPpid = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.prPpid = this._io.readS4le();
      this._debug.prPpid.end = this._io.pos;
      this._debug.prPgrp = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.prPgrp = this._io.readS4le();
      this._debug.prPgrp.end = this._io.pos;
      this._debug.prSid = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.prSid = this._io.readS4le();
      this._debug.prSid.end = this._io.pos;
      this._debug.prTimes = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.prTimes = this._io.readBytes(32);
      this._debug.prTimes.end = this._io.pos;
      this._debug.regs = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.regs = new UserRegsI386(this._io, this, this._root);
      this.regs._read();
      this._debug.regs.end = this._io.pos;
      this._debug.prFpvalid = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.prFpvalid = this._io.readS4le();
      this._debug.prFpvalid.end = this._io.pos;
    }

    /**
     * Signal number (0 in QEMU cores).
     */

    /**
     * Signal code.
     */

    /**
     * Error number.
     */

    /**
     * Current signal.
     */

    /**
     * Alignment padding.
     */

    /**
     * Set of pending signals.
     */

    /**
     * Set of held signals.
     */

    /**
     * Process id; QEMU stores the vCPU index + 1.
     */

    /**
     * Parent process id.
     */

    /**
     * Process group id.
     */

    /**
     * Session id.
     */

    /**
     * pr_utime, pr_stime, pr_cutime and pr_cstime (struct timeval each), unused here.
     */

    /**
     * The general registers (pr_reg, struct user_regs_struct of i386).
     */

    /**
     * Whether an NT_PRFPREG note follows (QEMU writes 0).
     */

    return PrstatusI386;
  })();

  /**
   * struct elf_prstatus of x86-64 (336 bytes).
   */

  var PrstatusX8664 = ElfPrstatusX86.PrstatusX8664 = (function() {
    function PrstatusX8664(_io, _parent, _root) {
      this._io = _io;
      this._parent = _parent;
      this._root = _root;
      this._debug = {};

    }
    PrstatusX8664.prototype._read = function() {
      this._debug.siSigno = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.siSigno = this._io.readS4le();
      this._debug.siSigno.end = this._io.pos;
      this._debug.siCode = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.siCode = this._io.readS4le();
      this._debug.siCode.end = this._io.pos;
      this._debug.siErrno = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.siErrno = this._io.readS4le();
      this._debug.siErrno.end = this._io.pos;
      this._debug.prCursig = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.prCursig = this._io.readS2le();
      this._debug.prCursig.end = this._io.pos;
      this._debug.padCursig = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.padCursig = this._io.readBytes(2);
      this._debug.padCursig.end = this._io.pos;
      this._debug.prSigpend = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.prSigpend = this._io.readU8le();
      this._debug.prSigpend.end = this._io.pos;
      this._debug.prSighold = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.prSighold = this._io.readU8le();
      this._debug.prSighold.end = this._io.pos;
      this._debug.prPid = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.prPid = this._io.readS4le();
      this._debug.prPid.end = this._io.pos;
      this._debug.prPpid = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.prPpid = this._io.readS4le();
      this._debug.prPpid.end = this._io.pos;
      this._debug.prPgrp = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.prPgrp = this._io.readS4le();
      this._debug.prPgrp.end = this._io.pos;
      this._debug.prSid = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.prSid = this._io.readS4le();
      this._debug.prSid.end = this._io.pos;
      this._debug.prTimes = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.prTimes = this._io.readBytes(64);
      this._debug.prTimes.end = this._io.pos;
      this._debug.regs = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.regs = new UserRegsX8664(this._io, this, this._root);
      this.regs._read();
      this._debug.regs.end = this._io.pos;
      this._debug.prFpvalid = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.prFpvalid = this._io.readS4le();
      this._debug.prFpvalid.end = this._io.pos;
      this._debug.padEnd = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.padEnd = this._io.readBytes(4);
      this._debug.padEnd.end = this._io.pos;
    }

    /**
     * Signal number (0 in QEMU cores).
     */

    /**
     * Signal code.
     */

    /**
     * Error number.
     */

    /**
     * Current signal.
     */

    /**
     * Alignment padding.
     */

    /**
     * Set of pending signals.
     */

    /**
     * Set of held signals.
     */

    /**
     * Process id; QEMU stores the vCPU index + 1.
     */

    /**
     * Parent process id.
     */

    /**
     * Process group id.
     */

    /**
     * Session id.
     */

    /**
     * pr_utime, pr_stime, pr_cutime and pr_cstime (struct timeval each), unused here.
     */

    /**
     * The general registers (pr_reg, struct user_regs_struct).
     */

    /**
     * Whether an NT_PRFPREG note follows (QEMU writes 0).
     */

    /**
     * Alignment padding.
     */

    return PrstatusX8664;
  })();

  /**
   * struct user_regs_struct of i386, 17 registers of 4 bytes, in the kernel's order.
   */

  var UserRegsI386 = ElfPrstatusX86.UserRegsI386 = (function() {
    function UserRegsI386(_io, _parent, _root) {
      this._io = _io;
      this._parent = _parent;
      this._root = _root;
      this._debug = {};

    }
    UserRegsI386.prototype._read = function() {
      this._debug.ebx = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.ebx = this._io.readU4le();
      this._debug.ebx.end = this._io.pos;
      this._debug.ecx = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.ecx = this._io.readU4le();
      this._debug.ecx.end = this._io.pos;
      this._debug.edx = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.edx = this._io.readU4le();
      this._debug.edx.end = this._io.pos;
      this._debug.esi = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.esi = this._io.readU4le();
      this._debug.esi.end = this._io.pos;
      this._debug.edi = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.edi = this._io.readU4le();
      this._debug.edi.end = this._io.pos;
      this._debug.ebp = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.ebp = this._io.readU4le();
      this._debug.ebp.end = this._io.pos;
      this._debug.eax = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.eax = this._io.readU4le();
      this._debug.eax.end = this._io.pos;
      this._debug.ds = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.ds = this._io.readU4le();
      this._debug.ds.end = this._io.pos;
      this._debug.es = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.es = this._io.readU4le();
      this._debug.es.end = this._io.pos;
      this._debug.fs = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.fs = this._io.readU4le();
      this._debug.fs.end = this._io.pos;
      this._debug.gs = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.gs = this._io.readU4le();
      this._debug.gs.end = this._io.pos;
      this._debug.origEax = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.origEax = this._io.readU4le();
      this._debug.origEax.end = this._io.pos;
      this._debug.eip = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.eip = this._io.readU4le();
      this._debug.eip.end = this._io.pos;
      this._debug.cs = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.cs = this._io.readU4le();
      this._debug.cs.end = this._io.pos;
      this._debug.eflags = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.eflags = this._io.readU4le();
      this._debug.eflags.end = this._io.pos;
      this._debug.esp = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.esp = this._io.readU4le();
      this._debug.esp.end = this._io.pos;
      this._debug.ss = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.ss = this._io.readU4le();
      this._debug.ss.end = this._io.pos;
    }

    /**
     * Register EBX.
     */

    /**
     * Register ECX.
     */

    /**
     * Register EDX.
     */

    /**
     * Register ESI.
     */

    /**
     * Register EDI.
     */

    /**
     * Register EBP.
     */

    /**
     * Register EAX.
     */

    /**
     * Register DS.
     */

    /**
     * Register ES.
     */

    /**
     * Register FS.
     */

    /**
     * Register GS.
     */

    /**
     * Register ORIG_EAX.
     */

    /**
     * Register EIP.
     */

    /**
     * Register CS.
     */

    /**
     * Register EFLAGS.
     */

    /**
     * Register ESP.
     */

    /**
     * Register SS.
     */

    return UserRegsI386;
  })();

  /**
   * struct user_regs_struct of x86-64, 27 registers of 8 bytes, in the kernel's order.
   */

  var UserRegsX8664 = ElfPrstatusX86.UserRegsX8664 = (function() {
    function UserRegsX8664(_io, _parent, _root) {
      this._io = _io;
      this._parent = _parent;
      this._root = _root;
      this._debug = {};

    }
    UserRegsX8664.prototype._read = function() {
      this._debug.r15 = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.r15 = this._io.readU8le();
      this._debug.r15.end = this._io.pos;
      this._debug.r14 = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.r14 = this._io.readU8le();
      this._debug.r14.end = this._io.pos;
      this._debug.r13 = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.r13 = this._io.readU8le();
      this._debug.r13.end = this._io.pos;
      this._debug.r12 = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.r12 = this._io.readU8le();
      this._debug.r12.end = this._io.pos;
      this._debug.rbp = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.rbp = this._io.readU8le();
      this._debug.rbp.end = this._io.pos;
      this._debug.rbx = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.rbx = this._io.readU8le();
      this._debug.rbx.end = this._io.pos;
      this._debug.r11 = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.r11 = this._io.readU8le();
      this._debug.r11.end = this._io.pos;
      this._debug.r10 = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.r10 = this._io.readU8le();
      this._debug.r10.end = this._io.pos;
      this._debug.r9 = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.r9 = this._io.readU8le();
      this._debug.r9.end = this._io.pos;
      this._debug.r8 = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.r8 = this._io.readU8le();
      this._debug.r8.end = this._io.pos;
      this._debug.rax = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.rax = this._io.readU8le();
      this._debug.rax.end = this._io.pos;
      this._debug.rcx = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.rcx = this._io.readU8le();
      this._debug.rcx.end = this._io.pos;
      this._debug.rdx = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.rdx = this._io.readU8le();
      this._debug.rdx.end = this._io.pos;
      this._debug.rsi = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.rsi = this._io.readU8le();
      this._debug.rsi.end = this._io.pos;
      this._debug.rdi = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.rdi = this._io.readU8le();
      this._debug.rdi.end = this._io.pos;
      this._debug.origRax = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.origRax = this._io.readU8le();
      this._debug.origRax.end = this._io.pos;
      this._debug.rip = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.rip = this._io.readU8le();
      this._debug.rip.end = this._io.pos;
      this._debug.cs = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.cs = this._io.readU8le();
      this._debug.cs.end = this._io.pos;
      this._debug.eflags = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.eflags = this._io.readU8le();
      this._debug.eflags.end = this._io.pos;
      this._debug.rsp = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.rsp = this._io.readU8le();
      this._debug.rsp.end = this._io.pos;
      this._debug.ss = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.ss = this._io.readU8le();
      this._debug.ss.end = this._io.pos;
      this._debug.fsBase = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.fsBase = this._io.readU8le();
      this._debug.fsBase.end = this._io.pos;
      this._debug.gsBase = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.gsBase = this._io.readU8le();
      this._debug.gsBase.end = this._io.pos;
      this._debug.ds = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.ds = this._io.readU8le();
      this._debug.ds.end = this._io.pos;
      this._debug.es = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.es = this._io.readU8le();
      this._debug.es.end = this._io.pos;
      this._debug.fs = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.fs = this._io.readU8le();
      this._debug.fs.end = this._io.pos;
      this._debug.gs = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.gs = this._io.readU8le();
      this._debug.gs.end = this._io.pos;
    }

    /**
     * Register R15.
     */

    /**
     * Register R14.
     */

    /**
     * Register R13.
     */

    /**
     * Register R12.
     */

    /**
     * Register RBP.
     */

    /**
     * Register RBX.
     */

    /**
     * Register R11.
     */

    /**
     * Register R10.
     */

    /**
     * Register R9.
     */

    /**
     * Register R8.
     */

    /**
     * Register RAX.
     */

    /**
     * Register RCX.
     */

    /**
     * Register RDX.
     */

    /**
     * Register RSI.
     */

    /**
     * Register RDI.
     */

    /**
     * Register ORIG_RAX.
     */

    /**
     * Register RIP.
     */

    /**
     * Register CS.
     */

    /**
     * Register EFLAGS.
     */

    /**
     * Register RSP.
     */

    /**
     * Register SS.
     */

    /**
     * Register FS base.
     */

    /**
     * Register GS base.
     */

    /**
     * Register DS.
     */

    /**
     * Register ES.
     */

    /**
     * Register FS.
     */

    /**
     * Register GS.
     */

    return UserRegsX8664;
  })();

  /**
   * The layout the size of the stream names, a `prstatus_layout` value (0 for any other size).
   * An integer instance rather than a switch on the size itself, which is a 64-bit value that
   * Java cannot switch on, and rather than an enum-typed instance, which generated Go cannot
   * return from an expression that can fail. (Small values, not the sizes: Go types each branch
   * of the condition by its literal, and 0x90 and 0x150 would get different types.)
   */
  Object.defineProperty(ElfPrstatusX86.prototype, 'layout', {
    get: function() {
      if (this._m_layout !== undefined)
        return this._m_layout;
      this._debug._m_layout = {  };
      this._m_layout = (this._io.size == 336 ? 2 : (this._io.size == 144 ? 1 : 0));
      return this._m_layout;
    }
  });

  /**
   * The prstatus fields in the layout of the core's architecture.
   */

  return ElfPrstatusX86;
})();
ElfPrstatusX86_.ElfPrstatusX86 = ElfPrstatusX86;
});
