// This is a generated file! Please edit source .ksy file and use kaitai-struct-compiler to rebuild

(function (root, factory) {
  if (typeof define === 'function' && define.amd) {
    define(['exports', 'kaitai-struct/KaitaiStream'], factory);
  } else if (typeof exports === 'object' && exports !== null && typeof exports.nodeType !== 'number') {
    factory(exports, require('kaitai-struct/KaitaiStream'));
  } else {
    factory(root.VboxCpuState || (root.VboxCpuState = {}), root.KaitaiStream);
  }
})(typeof self !== 'undefined' ? self : this, function (VboxCpuState_, KaitaiStream) {
/**
 * The registers of one vCPU from a "VBCPU" note (NT_VBOXCPU), in the DBGFCORECPU layout:
 * general registers, segment registers, control and debug registers, descriptor tables,
 * SYSENTER state and the MSRs up to the APIC base, which every DBGFCORECPU version shares
 * (0x228 bytes). Later fields (msrTscAux from format 0x00010006, XCR0/XCR1, the XSAVE area)
 * move between versions and are not decoded here; the note itself is always stepped over by
 * its n_descsz. Parses standalone from the note's descriptor bytes.
 * @see {@link https://www.virtualbox.org/browser/vbox/trunk/include/VBox/vmm/dbgfcorefmt.h|(DBGFCORECPU)}
 * @see {@link https://www.virtualbox.org/browser/vbox/trunk/src/VBox/VMM/VMMR3/DBGFCoreWrite.cpp|(dbgfR3GetCoreCpu)}
 */

var VboxCpuState = (function() {
  function VboxCpuState(_io, _parent, _root) {
    this._io = _io;
    this._parent = _parent;
    this._root = _root || this;
    this._debug = {};

  }
  VboxCpuState.prototype._read = function() {
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
    this._debug.rsp = { start: this._io.pos, ioOffset: this._io.byteOffset };
    this.rsp = this._io.readU8le();
    this._debug.rsp.end = this._io.pos;
    this._debug.rbp = { start: this._io.pos, ioOffset: this._io.byteOffset };
    this.rbp = this._io.readU8le();
    this._debug.rbp.end = this._io.pos;
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
    this._debug.cr0 = { start: this._io.pos, ioOffset: this._io.byteOffset };
    this.cr0 = this._io.readU8le();
    this._debug.cr0.end = this._io.pos;
    this._debug.cr2 = { start: this._io.pos, ioOffset: this._io.byteOffset };
    this.cr2 = this._io.readU8le();
    this._debug.cr2.end = this._io.pos;
    this._debug.cr3 = { start: this._io.pos, ioOffset: this._io.byteOffset };
    this.cr3 = this._io.readU8le();
    this._debug.cr3.end = this._io.pos;
    this._debug.cr4 = { start: this._io.pos, ioOffset: this._io.byteOffset };
    this.cr4 = this._io.readU8le();
    this._debug.cr4.end = this._io.pos;
    this._debug.dr = { start: this._io.pos, ioOffset: this._io.byteOffset };
    this._debug.dr.arr = [];
    this.dr = [];
    for (var i = 0; i < 8; i++) {
      this._debug.dr.arr[i] = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.dr.push(this._io.readU8le());
      this._debug.dr.arr[i].end = this._io.pos;
    }
    this._debug.dr.end = this._io.pos;
    this._debug.gdtr = { start: this._io.pos, ioOffset: this._io.byteOffset };
    this.gdtr = new DescriptorTable(this._io, this, this._root);
    this.gdtr._read();
    this._debug.gdtr.end = this._io.pos;
    this._debug.idtr = { start: this._io.pos, ioOffset: this._io.byteOffset };
    this.idtr = new DescriptorTable(this._io, this, this._root);
    this.idtr._read();
    this._debug.idtr.end = this._io.pos;
    this._debug.ldtr = { start: this._io.pos, ioOffset: this._io.byteOffset };
    this.ldtr = new Segment(this._io, this, this._root);
    this.ldtr._read();
    this._debug.ldtr.end = this._io.pos;
    this._debug.tr = { start: this._io.pos, ioOffset: this._io.byteOffset };
    this.tr = new Segment(this._io, this, this._root);
    this.tr._read();
    this._debug.tr.end = this._io.pos;
    this._debug.sysenterCs = { start: this._io.pos, ioOffset: this._io.byteOffset };
    this.sysenterCs = this._io.readU8le();
    this._debug.sysenterCs.end = this._io.pos;
    this._debug.sysenterEip = { start: this._io.pos, ioOffset: this._io.byteOffset };
    this.sysenterEip = this._io.readU8le();
    this._debug.sysenterEip.end = this._io.pos;
    this._debug.sysenterEsp = { start: this._io.pos, ioOffset: this._io.byteOffset };
    this.sysenterEsp = this._io.readU8le();
    this._debug.sysenterEsp.end = this._io.pos;
    this._debug.msrEfer = { start: this._io.pos, ioOffset: this._io.byteOffset };
    this.msrEfer = this._io.readU8le();
    this._debug.msrEfer.end = this._io.pos;
    this._debug.msrStar = { start: this._io.pos, ioOffset: this._io.byteOffset };
    this.msrStar = this._io.readU8le();
    this._debug.msrStar.end = this._io.pos;
    this._debug.msrPat = { start: this._io.pos, ioOffset: this._io.byteOffset };
    this.msrPat = this._io.readU8le();
    this._debug.msrPat.end = this._io.pos;
    this._debug.msrLstar = { start: this._io.pos, ioOffset: this._io.byteOffset };
    this.msrLstar = this._io.readU8le();
    this._debug.msrLstar.end = this._io.pos;
    this._debug.msrCstar = { start: this._io.pos, ioOffset: this._io.byteOffset };
    this.msrCstar = this._io.readU8le();
    this._debug.msrCstar.end = this._io.pos;
    this._debug.msrSfmask = { start: this._io.pos, ioOffset: this._io.byteOffset };
    this.msrSfmask = this._io.readU8le();
    this._debug.msrSfmask.end = this._io.pos;
    this._debug.msrKernelGsBase = { start: this._io.pos, ioOffset: this._io.byteOffset };
    this.msrKernelGsBase = this._io.readU8le();
    this._debug.msrKernelGsBase.end = this._io.pos;
    this._debug.msrApicBase = { start: this._io.pos, ioOffset: this._io.byteOffset };
    this.msrApicBase = this._io.readU8le();
    this._debug.msrApicBase.end = this._io.pos;
  }

  /**
   * GDTR or IDTR (DBGFCOREXDTR, 16 bytes).
   */

  var DescriptorTable = VboxCpuState.DescriptorTable = (function() {
    function DescriptorTable(_io, _parent, _root) {
      this._io = _io;
      this._parent = _parent;
      this._root = _root;
      this._debug = {};

    }
    DescriptorTable.prototype._read = function() {
      this._debug.base = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.base = this._io.readU8le();
      this._debug.base.end = this._io.pos;
      this._debug.limit = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.limit = this._io.readU4le();
      this._debug.limit.end = this._io.pos;
      this._debug.reserved0 = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.reserved0 = this._io.readU4le();
      this._debug.reserved0.end = this._io.pos;
    }

    /**
     * Linear base address of the table.
     */

    /**
     * Table limit in bytes.
     */

    /**
     * Reserved.
     */

    return DescriptorTable;
  })();

  /**
   * A segment register with its hidden part (DBGFCORESEL, 24 bytes).
   */

  var Segment = VboxCpuState.Segment = (function() {
    function Segment(_io, _parent, _root) {
      this._io = _io;
      this._parent = _parent;
      this._root = _root;
      this._debug = {};

    }
    Segment.prototype._read = function() {
      this._debug.base = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.base = this._io.readU8le();
      this._debug.base.end = this._io.pos;
      this._debug.limit = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.limit = this._io.readU4le();
      this._debug.limit.end = this._io.pos;
      this._debug.attributes = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.attributes = this._io.readU4le();
      this._debug.attributes.end = this._io.pos;
      this._debug.selector = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.selector = this._io.readU2le();
      this._debug.selector.end = this._io.pos;
      this._debug.reserved0 = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.reserved0 = this._io.readU2le();
      this._debug.reserved0.end = this._io.pos;
      this._debug.reserved1 = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.reserved1 = this._io.readU4le();
      this._debug.reserved1.end = this._io.pos;
    }

    /**
     * Segment base address.
     */

    /**
     * Segment limit.
     */

    /**
     * Segment attributes (type, S, DPL, P, AVL, L, D/B, G).
     */

    /**
     * Selector value.
     */

    /**
     * Reserved.
     */

    /**
     * Reserved.
     */

    return Segment;
  })();

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
   * Stack pointer.
   */

  /**
   * Frame pointer.
   */

  /**
   * Flags register.
   */

  /**
   * Code segment.
   */

  /**
   * Data segment.
   */

  /**
   * Extra segment.
   */

  /**
   * FS segment.
   */

  /**
   * GS segment.
   */

  /**
   * Stack segment.
   */

  /**
   * Control register 0 (PE, PG, WP...).
   */

  /**
   * Control register 2, the last page-fault linear address.
   */

  /**
   * Control register 3, the physical base of the guest's page tables at the time of the dump.
   */

  /**
   * Control register 4 (PAE, PSE, LA57...).
   */

  /**
   * Debug registers DR0 to DR7.
   */

  /**
   * Global descriptor table register.
   */

  /**
   * Interrupt descriptor table register.
   */

  /**
   * Local descriptor table register.
   */

  /**
   * Task register.
   */

  /**
   * IA32_SYSENTER_CS.
   */

  /**
   * IA32_SYSENTER_EIP.
   */

  /**
   * IA32_SYSENTER_ESP.
   */

  /**
   * IA32_EFER (LME, LMA, NXE...).
   */

  /**
   * IA32_STAR.
   */

  /**
   * IA32_PAT.
   */

  /**
   * IA32_LSTAR, the 64-bit SYSCALL entry point.
   */

  /**
   * IA32_CSTAR.
   */

  /**
   * IA32_FMASK.
   */

  /**
   * IA32_KERNEL_GS_BASE.
   */

  /**
   * IA32_APIC_BASE.
   */

  return VboxCpuState;
})();
VboxCpuState_.VboxCpuState = VboxCpuState;
});
