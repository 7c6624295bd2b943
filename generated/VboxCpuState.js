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
 * The registers of one vCPU from a "VBCPU" note (NT_VBOXCPU), in the DBGFCORECPU layout.
 * Every layout starts with the same 0x228 bytes: general registers, segment registers, control
 * and debug registers, descriptor tables, SYSENTER state and the MSRs up to the APIC base. What
 * follows depends on the format version, and the note's size tells the layouts apart, so this
 * schema picks the tail by the size of its stream (the note's n_descsz bytes):
 *   0x2230 (formats up to 0x00010003, VirtualBox 5.0): the XSAVE area at 0x230;
 *   0x2240 (formats 0x00010004 and 0x00010005): XCR0/XCR1, the XSAVE size, the area at 0x240;
 *   0x2248 (format 0x00010006): IA32_TSC_AUX first, then as 0x2240, the area at 0x248.
 * Any other size leaves `tail` empty: the prefix is still decoded. Parses standalone from the
 * note's descriptor bytes.
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
    this._debug.tail = { start: this._io.pos, ioOffset: this._io.byteOffset };
    switch (this._io.size) {
    case 8752:
      this.tail = new Tail2230(this._io, this, this._root);
      this.tail._read();
      break;
    case 8768:
      this.tail = new Tail2240(this._io, this, this._root);
      this.tail._read();
      break;
    case 8776:
      this.tail = new Tail2248(this._io, this, this._root);
      this.tail._read();
      break;
    }
    this._debug.tail.end = this._io.pos;
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
   * The 0x2230-byte layout (VirtualBox 5.0, formats up to 0x00010003): nothing between the MSRs
   * and the XSAVE area but alignment padding.
   */

  var Tail2230 = VboxCpuState.Tail2230 = (function() {
    function Tail2230(_io, _parent, _root) {
      this._io = _io;
      this._parent = _parent;
      this._root = _root;
      this._debug = {};

    }
    Tail2230.prototype._read = function() {
      this._debug.padding = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.padding = this._io.readBytes(8);
      this._debug.padding.end = this._io.pos;
      this._debug.ext = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.ext = new XsaveArea(this._io, this, this._root);
      this.ext._read();
      this._debug.ext.end = this._io.pos;
    }

    /**
     * Alignment of the XSAVE area (8 bytes, not written with meaning).
     */

    /**
     * The FPU/SSE/AVX state.
     */

    return Tail2230;
  })();

  /**
   * The 0x2240-byte layout (formats 0x00010004 and 0x00010005).
   */

  var Tail2240 = VboxCpuState.Tail2240 = (function() {
    function Tail2240(_io, _parent, _root) {
      this._io = _io;
      this._parent = _parent;
      this._root = _root;
      this._debug = {};

    }
    Tail2240.prototype._read = function() {
      this._debug.xcr0 = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.xcr0 = this._io.readU8le();
      this._debug.xcr0.end = this._io.pos;
      this._debug.xcr1 = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.xcr1 = this._io.readU8le();
      this._debug.xcr1.end = this._io.pos;
      this._debug.extSize = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.extSize = this._io.readU4le();
      this._debug.extSize.end = this._io.pos;
      this._debug.padding0 = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.padding0 = this._io.readU4le();
      this._debug.padding0.end = this._io.pos;
      this._debug.ext = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.ext = new XsaveArea(this._io, this, this._root);
      this.ext._read();
      this._debug.ext.end = this._io.pos;
    }

    /**
     * Extended control register XCR0 (which state components XSAVE manages).
     */

    /**
     * Extended control register XCR1.
     */

    /**
     * Bytes of `ext` that hold state (the guest's maximum XSAVE size); 0 when none.
     */

    /**
     * Padding.
     */

    /**
     * The FPU/SSE/AVX state.
     */

    return Tail2240;
  })();

  /**
   * The 0x2248-byte layout (format 0x00010006), which inserts IA32_TSC_AUX after the APIC base.
   */

  var Tail2248 = VboxCpuState.Tail2248 = (function() {
    function Tail2248(_io, _parent, _root) {
      this._io = _io;
      this._parent = _parent;
      this._root = _root;
      this._debug = {};

    }
    Tail2248.prototype._read = function() {
      this._debug.msrTscAux = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.msrTscAux = this._io.readU8le();
      this._debug.msrTscAux.end = this._io.pos;
      this._debug.xcr0 = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.xcr0 = this._io.readU8le();
      this._debug.xcr0.end = this._io.pos;
      this._debug.xcr1 = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.xcr1 = this._io.readU8le();
      this._debug.xcr1.end = this._io.pos;
      this._debug.extSize = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.extSize = this._io.readU4le();
      this._debug.extSize.end = this._io.pos;
      this._debug.padding0 = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.padding0 = this._io.readU4le();
      this._debug.padding0.end = this._io.pos;
      this._debug.ext = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.ext = new XsaveArea(this._io, this, this._root);
      this.ext._read();
      this._debug.ext.end = this._io.pos;
    }

    /**
     * IA32_TSC_AUX (what RDTSCP returns in ECX; operating systems keep the CPU number there).
     */

    /**
     * Extended control register XCR0 (which state components XSAVE manages).
     */

    /**
     * Extended control register XCR1.
     */

    /**
     * Bytes of `ext` that hold state (the guest's maximum XSAVE size); 0 when none.
     */

    /**
     * Padding.
     */

    /**
     * The FPU/SSE/AVX state.
     */

    return Tail2248;
  })();

  /**
   * One x87 register slot (X86FPUREG, 16 bytes) - an 80-bit value and padding.
   */

  var X87Register = VboxCpuState.X87Register = (function() {
    function X87Register(_io, _parent, _root) {
      this._io = _io;
      this._parent = _parent;
      this._root = _root;
      this._debug = {};

    }
    X87Register.prototype._read = function() {
      this._debug.mantissa = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.mantissa = this._io.readU8le();
      this._debug.mantissa.end = this._io.pos;
      this._debug.signExponent = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.signExponent = this._io.readU2le();
      this._debug.signExponent.end = this._io.pos;
      this._debug.reserved = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.reserved = this._io.readBytes(6);
      this._debug.reserved.end = this._io.pos;
    }

    /**
     * Significand (also the MMX register value).
     */

    /**
     * Sign bit and 15-bit exponent.
     */

    /**
     * Padding to 16 bytes.
     */

    return X87Register;
  })();

  /**
   * One 128-bit SSE register (X86XMMREG).
   */

  var XmmRegister = VboxCpuState.XmmRegister = (function() {
    function XmmRegister(_io, _parent, _root) {
      this._io = _io;
      this._parent = _parent;
      this._root = _root;
      this._debug = {};

    }
    XmmRegister.prototype._read = function() {
      this._debug.low = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.low = this._io.readU8le();
      this._debug.low.end = this._io.pos;
      this._debug.high = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.high = this._io.readU8le();
      this._debug.high.end = this._io.pos;
    }

    /**
     * Bits 0-63.
     */

    /**
     * Bits 64-127.
     */

    return XmmRegister;
  })();

  /**
   * The XSAVE area (X86XSAVEAREA, 8 KiB) - the legacy FXSAVE region, the XSAVE header, then extended components.
   * @see {@link https://www.virtualbox.org/browser/vbox/trunk/include/iprt/x86.h|(X86FXSTATE, X86XSAVEHDR, X86XSAVEAREA)}
   */

  var XsaveArea = VboxCpuState.XsaveArea = (function() {
    function XsaveArea(_io, _parent, _root) {
      this._io = _io;
      this._parent = _parent;
      this._root = _root;
      this._debug = {};

    }
    XsaveArea.prototype._read = function() {
      this._debug.fcw = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.fcw = this._io.readU2le();
      this._debug.fcw.end = this._io.pos;
      this._debug.fsw = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.fsw = this._io.readU2le();
      this._debug.fsw.end = this._io.pos;
      this._debug.ftw = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.ftw = this._io.readU1();
      this._debug.ftw.end = this._io.pos;
      this._debug.reservedFtw = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.reservedFtw = this._io.readU1();
      this._debug.reservedFtw.end = this._io.pos;
      this._debug.fop = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.fop = this._io.readU2le();
      this._debug.fop.end = this._io.pos;
      this._debug.fpuIp = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.fpuIp = this._io.readU4le();
      this._debug.fpuIp.end = this._io.pos;
      this._debug.fpuCs = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.fpuCs = this._io.readU2le();
      this._debug.fpuCs.end = this._io.pos;
      this._debug.reserved1 = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.reserved1 = this._io.readU2le();
      this._debug.reserved1.end = this._io.pos;
      this._debug.fpuDp = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.fpuDp = this._io.readU4le();
      this._debug.fpuDp.end = this._io.pos;
      this._debug.fpuDs = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.fpuDs = this._io.readU2le();
      this._debug.fpuDs.end = this._io.pos;
      this._debug.reserved2 = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.reserved2 = this._io.readU2le();
      this._debug.reserved2.end = this._io.pos;
      this._debug.mxcsr = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.mxcsr = this._io.readU4le();
      this._debug.mxcsr.end = this._io.pos;
      this._debug.mxcsrMask = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.mxcsrMask = this._io.readU4le();
      this._debug.mxcsrMask.end = this._io.pos;
      this._debug.st = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this._debug.st.arr = [];
      this.st = [];
      for (var i = 0; i < 8; i++) {
        this._debug.st.arr[i] = { start: this._io.pos, ioOffset: this._io.byteOffset };
        var _t_st = new X87Register(this._io, this, this._root);
        try {
          _t_st._read();
        } finally {
          this.st.push(_t_st);
        }
        this._debug.st.arr[i].end = this._io.pos;
      }
      this._debug.st.end = this._io.pos;
      this._debug.xmm = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this._debug.xmm.arr = [];
      this.xmm = [];
      for (var i = 0; i < 16; i++) {
        this._debug.xmm.arr[i] = { start: this._io.pos, ioOffset: this._io.byteOffset };
        var _t_xmm = new XmmRegister(this._io, this, this._root);
        try {
          _t_xmm._read();
        } finally {
          this.xmm.push(_t_xmm);
        }
        this._debug.xmm.arr[i].end = this._io.pos;
      }
      this._debug.xmm.end = this._io.pos;
      this._debug.reservedRest = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.reservedRest = this._io.readBytes(48);
      this._debug.reservedRest.end = this._io.pos;
      this._debug.reservedSoftware = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.reservedSoftware = this._io.readBytes(48);
      this._debug.reservedSoftware.end = this._io.pos;
      this._debug.xstateBv = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.xstateBv = this._io.readU8le();
      this._debug.xstateBv.end = this._io.pos;
      this._debug.xcompBv = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.xcompBv = this._io.readU8le();
      this._debug.xcompBv.end = this._io.pos;
      this._debug.reservedHeader = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.reservedHeader = this._io.readBytes(48);
      this._debug.reservedHeader.end = this._io.pos;
      this._debug.extended = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.extended = this._io.readBytes(7616);
      this._debug.extended.end = this._io.pos;
    }

    /**
     * x87 FPU control word.
     */

    /**
     * x87 FPU status word.
     */

    /**
     * x87 FPU tag word, abridged (one bit per register, 1 = valid).
     */

    /**
     * Reserved (upper byte of the FTW field).
     */

    /**
     * Last x87 opcode.
     */

    /**
     * Last x87 instruction pointer (low 32 bits).
     */

    /**
     * Last x87 instruction's code selector.
     */

    /**
     * Reserved.
     */

    /**
     * Last x87 data pointer (low 32 bits).
     */

    /**
     * Last x87 data selector.
     */

    /**
     * Reserved.
     */

    /**
     * SSE control and status register.
     */

    /**
     * Bits of MXCSR the CPU supports.
     */

    /**
     * x87 registers ST0-ST7 (MM0-MM7), 16 bytes each.
     */

    /**
     * SSE registers XMM0-XMM15.
     */

    /**
     * Reserved.
     */

    /**
     * Available to software.
     */

    /**
     * XSAVE header XSTATE_BV, the state components present in the area.
     */

    /**
     * XSAVE header XCOMP_BV (bit 63 set for the compacted format).
     */

    /**
     * Reserved part of the XSAVE header.
     */

    /**
     * Extended state components (AVX upper halves and later), laid out as XCR0 and XCOMP_BV say.
     */

    return XsaveArea;
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

  /**
   * The fields after the common prefix, in the layout the descriptor size names.
   */

  return VboxCpuState;
})();
VboxCpuState_.VboxCpuState = VboxCpuState;
});
