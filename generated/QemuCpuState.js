// This is a generated file! Please edit source .ksy file and use kaitai-struct-compiler to rebuild

(function (root, factory) {
  if (typeof define === 'function' && define.amd) {
    define(['exports', 'kaitai-struct/KaitaiStream'], factory);
  } else if (typeof exports === 'object' && exports !== null && typeof exports.nodeType !== 'number') {
    factory(exports, require('kaitai-struct/KaitaiStream'));
  } else {
    factory(root.QemuCpuState || (root.QemuCpuState = {}), root.KaitaiStream);
  }
})(typeof self !== 'undefined' ? self : this, function (QemuCpuState_, KaitaiStream) {
/**
 * The registers of one vCPU from a "QEMU" note (n_type 0) of a QEMU guest core. QEMU writes
 * one per vCPU after all NT_PRSTATUS notes, for every x86 guest mode. It holds the general
 * registers, every segment register with its hidden part, the descriptor tables and CR0-CR4,
 * so a reader learns the paging mode and CR3 from it; it does not hold EFER or other MSRs
 * beyond KERNEL_GS_BASE. Fields are only ever appended: `size` says how many bytes are
 * valid, and `kernel_gs_base` exists when the note is long enough. Parses standalone from the
 * note's descriptor bytes.
 * @see {@link https://gitlab.com/qemu-project/qemu/-/blob/v7.2.0/target/i386/arch_dump.c|(QEMUCPUState, qemu_get_cpustate)}
 * @see {@link https://gitlab.com/qemu-project/qemu/-/blob/v7.2.0/contrib/elf2dmp/qemu_elf.h|Source}
 */

var QemuCpuState = (function() {
  function QemuCpuState(_io, _parent, _root) {
    this._io = _io;
    this._parent = _parent;
    this._root = _root || this;
    this._debug = {};

  }
  QemuCpuState.prototype._read = function() {
    this._debug.version = { start: this._io.pos, ioOffset: this._io.byteOffset };
    this.version = this._io.readU4le();
    this._debug.version.end = this._io.pos;
    this._debug.size = { start: this._io.pos, ioOffset: this._io.byteOffset };
    this.size = this._io.readU4le();
    this._debug.size.end = this._io.pos;
    this._debug.rax = { start: this._io.pos, ioOffset: this._io.byteOffset };
    this.rax = this._io.readU8le();
    this._debug.rax.end = this._io.pos;
    this._debug.rbx = { start: this._io.pos, ioOffset: this._io.byteOffset };
    this.rbx = this._io.readU8le();
    this._debug.rbx.end = this._io.pos;
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
    this._debug.rsp = { start: this._io.pos, ioOffset: this._io.byteOffset };
    this.rsp = this._io.readU8le();
    this._debug.rsp.end = this._io.pos;
    this._debug.rbp = { start: this._io.pos, ioOffset: this._io.byteOffset };
    this.rbp = this._io.readU8le();
    this._debug.rbp.end = this._io.pos;
    this._debug.r8 = { start: this._io.pos, ioOffset: this._io.byteOffset };
    this.r8 = this._io.readU8le();
    this._debug.r8.end = this._io.pos;
    this._debug.r9 = { start: this._io.pos, ioOffset: this._io.byteOffset };
    this.r9 = this._io.readU8le();
    this._debug.r9.end = this._io.pos;
    this._debug.r10 = { start: this._io.pos, ioOffset: this._io.byteOffset };
    this.r10 = this._io.readU8le();
    this._debug.r10.end = this._io.pos;
    this._debug.r11 = { start: this._io.pos, ioOffset: this._io.byteOffset };
    this.r11 = this._io.readU8le();
    this._debug.r11.end = this._io.pos;
    this._debug.r12 = { start: this._io.pos, ioOffset: this._io.byteOffset };
    this.r12 = this._io.readU8le();
    this._debug.r12.end = this._io.pos;
    this._debug.r13 = { start: this._io.pos, ioOffset: this._io.byteOffset };
    this.r13 = this._io.readU8le();
    this._debug.r13.end = this._io.pos;
    this._debug.r14 = { start: this._io.pos, ioOffset: this._io.byteOffset };
    this.r14 = this._io.readU8le();
    this._debug.r14.end = this._io.pos;
    this._debug.r15 = { start: this._io.pos, ioOffset: this._io.byteOffset };
    this.r15 = this._io.readU8le();
    this._debug.r15.end = this._io.pos;
    this._debug.rip = { start: this._io.pos, ioOffset: this._io.byteOffset };
    this.rip = this._io.readU8le();
    this._debug.rip.end = this._io.pos;
    this._debug.rflags = { start: this._io.pos, ioOffset: this._io.byteOffset };
    this.rflags = this._io.readU8le();
    this._debug.rflags.end = this._io.pos;
    this._debug.cs = { start: this._io.pos, ioOffset: this._io.byteOffset };
    this.cs = new Segment(this._io, this, this._root);
    this.cs._read();
    this._debug.cs.end = this._io.pos;
    this._debug.ds = { start: this._io.pos, ioOffset: this._io.byteOffset };
    this.ds = new Segment(this._io, this, this._root);
    this.ds._read();
    this._debug.ds.end = this._io.pos;
    this._debug.es = { start: this._io.pos, ioOffset: this._io.byteOffset };
    this.es = new Segment(this._io, this, this._root);
    this.es._read();
    this._debug.es.end = this._io.pos;
    this._debug.fs = { start: this._io.pos, ioOffset: this._io.byteOffset };
    this.fs = new Segment(this._io, this, this._root);
    this.fs._read();
    this._debug.fs.end = this._io.pos;
    this._debug.gs = { start: this._io.pos, ioOffset: this._io.byteOffset };
    this.gs = new Segment(this._io, this, this._root);
    this.gs._read();
    this._debug.gs.end = this._io.pos;
    this._debug.ss = { start: this._io.pos, ioOffset: this._io.byteOffset };
    this.ss = new Segment(this._io, this, this._root);
    this.ss._read();
    this._debug.ss.end = this._io.pos;
    this._debug.ldt = { start: this._io.pos, ioOffset: this._io.byteOffset };
    this.ldt = new Segment(this._io, this, this._root);
    this.ldt._read();
    this._debug.ldt.end = this._io.pos;
    this._debug.tr = { start: this._io.pos, ioOffset: this._io.byteOffset };
    this.tr = new Segment(this._io, this, this._root);
    this.tr._read();
    this._debug.tr.end = this._io.pos;
    this._debug.gdt = { start: this._io.pos, ioOffset: this._io.byteOffset };
    this.gdt = new Segment(this._io, this, this._root);
    this.gdt._read();
    this._debug.gdt.end = this._io.pos;
    this._debug.idt = { start: this._io.pos, ioOffset: this._io.byteOffset };
    this.idt = new Segment(this._io, this, this._root);
    this.idt._read();
    this._debug.idt.end = this._io.pos;
    this._debug.cr0 = { start: this._io.pos, ioOffset: this._io.byteOffset };
    this.cr0 = this._io.readU8le();
    this._debug.cr0.end = this._io.pos;
    this._debug.cr1 = { start: this._io.pos, ioOffset: this._io.byteOffset };
    this.cr1 = this._io.readU8le();
    this._debug.cr1.end = this._io.pos;
    this._debug.cr2 = { start: this._io.pos, ioOffset: this._io.byteOffset };
    this.cr2 = this._io.readU8le();
    this._debug.cr2.end = this._io.pos;
    this._debug.cr3 = { start: this._io.pos, ioOffset: this._io.byteOffset };
    this.cr3 = this._io.readU8le();
    this._debug.cr3.end = this._io.pos;
    this._debug.cr4 = { start: this._io.pos, ioOffset: this._io.byteOffset };
    this.cr4 = this._io.readU8le();
    this._debug.cr4.end = this._io.pos;
    if (this._io.size >= 440) {
      this._debug.kernelGsBase = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.kernelGsBase = this._io.readU8le();
      this._debug.kernelGsBase.end = this._io.pos;
    }
  }

  /**
   * A segment register as QEMU's SegmentCache keeps it (QEMUCPUSegment, 24 bytes).
   */

  var Segment = QemuCpuState.Segment = (function() {
    function Segment(_io, _parent, _root) {
      this._io = _io;
      this._parent = _parent;
      this._root = _root;
      this._debug = {};

    }
    Segment.prototype._read = function() {
      this._debug.selector = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.selector = this._io.readU4le();
      this._debug.selector.end = this._io.pos;
      this._debug.limit = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.limit = this._io.readU4le();
      this._debug.limit.end = this._io.pos;
      this._debug.flags = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.flags = this._io.readU4le();
      this._debug.flags.end = this._io.pos;
      this._debug.pad = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.pad = this._io.readU4le();
      this._debug.pad.end = this._io.pos;
      this._debug.base = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.base = this._io.readU8le();
      this._debug.base.end = this._io.pos;
    }

    /**
     * Selector value.
     */

    /**
     * Segment limit, already scaled by the granularity bit.
     */

    /**
     * The descriptor's attribute bits in place, as in the descriptor's second dword:
     * type at bit 8, S at 12, DPL at 13, P at 15, AVL at 20, L at 21, D/B at 22, G at 23.
     */

    /**
     * Padding, written as 0.
     */

    /**
     * Segment base address.
     */

    return Segment;
  })();

  /**
   * Layout version; QEMU writes 1 (QEMUCPUSTATE_VERSION) and appends fields without changing it.
   */

  /**
   * Bytes of the state QEMU wrote, 0x1b8 with kernel_gs_base.
   */

  /**
   * General register RAX.
   */

  /**
   * General register RBX.
   */

  /**
   * General register RCX.
   */

  /**
   * General register RDX.
   */

  /**
   * General register RSI.
   */

  /**
   * General register RDI.
   */

  /**
   * General register RSP.
   */

  /**
   * General register RBP.
   */

  /**
   * General register R8.
   */

  /**
   * General register R9.
   */

  /**
   * General register R10.
   */

  /**
   * General register R11.
   */

  /**
   * General register R12.
   */

  /**
   * General register R13.
   */

  /**
   * General register R14.
   */

  /**
   * General register R15.
   */

  /**
   * Instruction pointer.
   */

  /**
   * Flags register.
   */

  /**
   * Code segment.
   */

  /**
   * Data segment DS.
   */

  /**
   * Data segment ES.
   */

  /**
   * Data segment FS.
   */

  /**
   * Data segment GS.
   */

  /**
   * Stack segment.
   */

  /**
   * Local descriptor table register (LDTR).
   */

  /**
   * Task register.
   */

  /**
   * Global descriptor table register; only base and limit are meaningful.
   */

  /**
   * Interrupt descriptor table register; only base and limit are meaningful.
   */

  /**
   * Control register CR0 (PE, PG...).
   */

  /**
   * CR1, reserved on x86; QEMU stores 0.
   */

  /**
   * CR2, the last page-fault linear address.
   */

  /**
   * CR3, the physical address of the root page table (and PCID or PWT/PCD bits).
   */

  /**
   * Control register CR4 (PSE, PAE, LA57...).
   */

  /**
   * IA32_KERNEL_GS_BASE; absent from notes written before QEMU 4.2.
   */

  return QemuCpuState;
})();
QemuCpuState_.QemuCpuState = QemuCpuState;
});
