// This is a generated file! Please edit source .ksy file and use kaitai-struct-compiler to rebuild

(function (root, factory) {
  if (typeof define === 'function' && define.amd) {
    define(['exports', 'kaitai-struct/KaitaiStream', './X86Fxsave'], factory);
  } else if (typeof exports === 'object' && exports !== null && typeof exports.nodeType !== 'number') {
    factory(exports, require('kaitai-struct/KaitaiStream'), require('./X86Fxsave'));
  } else {
    factory(root.VboxCpumctx || (root.VboxCpumctx = {}), root.KaitaiStream, root.X86Fxsave || (root.X86Fxsave = {}));
  }
})(typeof self !== 'undefined' ? self : this, function (VboxCpumctx_, KaitaiStream, X86Fxsave_) {
/**
 * Format 0x00010000 copied the VMM's own CPU context structure, CPUMCTX, into each VBCPU note.
 * CPUMCTX is packed (identical on 32- and 64-bit hosts) and changed between releases, so the
 * note's size tells the layouts apart:
 *   0x400 (4.0.x, 4.1.x): FXSAVE image, general registers in the order rdi rsi rbp rax rbx rdx
 *     rcx rsp, 16-bit selectors with their hidden parts kept apart, no APIC base;
 *   0x440 (4.2.x, 4.3.x): FXSAVE image, then general registers rax rcx rdx rbx rsp rbp rsi rdi,
 *     24-byte segment registers (CPUMSELREG), rip, rflags, and (4.3) the APIC base;
 *   0x240, 0x300 (5.0.0 beta 1, beta 2 - RC1): the 4.2 register block without the FPU state
 *     (host pointers took its place); beta 2 added XCR0/XCR1.
 * Any other size leaves `body` empty. Offsets were read from each release's headers compiled
 * (see the format notes), not counted by eye. Parses standalone from the note's descriptor bytes.
 * @see {@link https://www.virtualbox.org/browser/vbox/trunk/include/VBox/vmm/cpumctx.h|(CPUMCTX, CPUMSELREG; include/VBox/cpum.h in 4.0)}
 * @see {@link https://www.virtualbox.org/browser/vbox/trunk/src/VBox/VMM/VMMR3/DBGFCoreWrite.cpp|(the writer)}
 */

var VboxCpumctx = (function() {
  VboxCpumctx.CpumctxLayout = Object.freeze({
    UNKNOWN: 0,
    V5_0_BETA1: 576,
    V5_0_BETA2: 768,
    V4_0: 1024,
    V4_2: 1088,

    0: "UNKNOWN",
    576: "V5_0_BETA1",
    768: "V5_0_BETA2",
    1024: "V4_0",
    1088: "V4_2",
  });

  function VboxCpumctx(_io, _parent, _root) {
    this._io = _io;
    this._parent = _parent;
    this._root = _root || this;
    this._debug = {};

  }
  VboxCpumctx.prototype._read = function() {
    this._debug.body = { start: this._io.pos, ioOffset: this._io.byteOffset };
    switch (this.layout) {
    case 1024:
      this.body = new CpumctxV40(this._io, this, this._root);
      this.body._read();
      break;
    case 1088:
      this.body = new CpumctxV42(this._io, this, this._root);
      this.body._read();
      break;
    case 576:
      this.body = new CpumctxV50Beta(this._io, this, this._root, false);
      this.body._read();
      break;
    case 768:
      this.body = new CpumctxV50Beta(this._io, this, this._root, true);
      this.body._read();
      break;
    }
    this._debug.body.end = this._io.pos;
  }

  /**
   * A segment register with its hidden part in 4.2 on (CPUMSELREG, 24 bytes).
   */

  var CpumSelReg = VboxCpumctx.CpumSelReg = (function() {
    function CpumSelReg(_io, _parent, _root) {
      this._io = _io;
      this._parent = _parent;
      this._root = _root;
      this._debug = {};

    }
    CpumSelReg.prototype._read = function() {
      this._debug.selector = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.selector = this._io.readU2le();
      this._debug.selector.end = this._io.pos;
      this._debug.paddingSelector = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.paddingSelector = this._io.readU2le();
      this._debug.paddingSelector.end = this._io.pos;
      this._debug.validSelector = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.validSelector = this._io.readU2le();
      this._debug.validSelector.end = this._io.pos;
      this._debug.flags = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.flags = this._io.readU2le();
      this._debug.flags.end = this._io.pos;
      this._debug.base = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.base = this._io.readU8le();
      this._debug.base.end = this._io.pos;
      this._debug.limit = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.limit = this._io.readU4le();
      this._debug.limit.end = this._io.pos;
      this._debug.attributes = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.attributes = this._io.readU4le();
      this._debug.attributes.end = this._io.pos;
    }

    /**
     * Selector value.
     */

    /**
     * Padding.
     */

    /**
     * The selector the hidden part was loaded for (valid when flags say so).
     */

    /**
     * CPUMSELREG_FLAGS_XXX (bit 0, valid; bit 1, stale).
     */

    /**
     * Segment base address.
     */

    /**
     * Segment limit.
     */

    /**
     * Segment attributes (type 0-3, S 4, DPL 5-6, P 7, AVL 12, L 13, D/B 14, G 15, unusable 16).
     */

    return CpumSelReg;
  })();

  /**
   * The SYSENTER MSRs (CPUMSYSENTER, 24 bytes).
   */

  var CpumSysenter = VboxCpumctx.CpumSysenter = (function() {
    function CpumSysenter(_io, _parent, _root) {
      this._io = _io;
      this._parent = _parent;
      this._root = _root;
      this._debug = {};

    }
    CpumSysenter.prototype._read = function() {
      this._debug.cs = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.cs = this._io.readU8le();
      this._debug.cs.end = this._io.pos;
      this._debug.eip = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.eip = this._io.readU8le();
      this._debug.eip.end = this._io.pos;
      this._debug.esp = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.esp = this._io.readU8le();
      this._debug.esp.end = this._io.pos;
    }

    /**
     * IA32_SYSENTER_CS.
     */

    /**
     * IA32_SYSENTER_EIP.
     */

    /**
     * IA32_SYSENTER_ESP.
     */

    return CpumSysenter;
  })();

  /**
   * CPUMCTX of VirtualBox 4.0 and 4.1 (0x400 bytes,
   */

  var CpumctxV40 = VboxCpumctx.CpumctxV40 = (function() {
    function CpumctxV40(_io, _parent, _root) {
      this._io = _io;
      this._parent = _parent;
      this._root = _root;
      this._debug = {};

    }
    CpumctxV40.prototype._read = function() {
      this._debug.fpu = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.fpu = new X86Fxsave_.X86Fxsave(this._io, null, null);
      this.fpu._read();
      this._debug.fpu.end = this._io.pos;
      this._debug.rdi = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.rdi = this._io.readU8le();
      this._debug.rdi.end = this._io.pos;
      this._debug.rsi = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.rsi = this._io.readU8le();
      this._debug.rsi.end = this._io.pos;
      this._debug.rbp = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.rbp = this._io.readU8le();
      this._debug.rbp.end = this._io.pos;
      this._debug.rax = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.rax = this._io.readU8le();
      this._debug.rax.end = this._io.pos;
      this._debug.rbx = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.rbx = this._io.readU8le();
      this._debug.rbx.end = this._io.pos;
      this._debug.rdx = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.rdx = this._io.readU8le();
      this._debug.rdx.end = this._io.pos;
      this._debug.rcx = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.rcx = this._io.readU8le();
      this._debug.rcx.end = this._io.pos;
      this._debug.rsp = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.rsp = this._io.readU8le();
      this._debug.rsp.end = this._io.pos;
      this._debug.lssEsp = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.lssEsp = this._io.readU4le();
      this._debug.lssEsp.end = this._io.pos;
      this._debug.ss = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.ss = this._io.readU2le();
      this._debug.ss.end = this._io.pos;
      this._debug.ssPadding = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.ssPadding = this._io.readU2le();
      this._debug.ssPadding.end = this._io.pos;
      this._debug.gs = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.gs = this._io.readU2le();
      this._debug.gs.end = this._io.pos;
      this._debug.gsPadding = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.gsPadding = this._io.readU2le();
      this._debug.gsPadding.end = this._io.pos;
      this._debug.fs = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.fs = this._io.readU2le();
      this._debug.fs.end = this._io.pos;
      this._debug.fsPadding = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.fsPadding = this._io.readU2le();
      this._debug.fsPadding.end = this._io.pos;
      this._debug.es = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.es = this._io.readU2le();
      this._debug.es.end = this._io.pos;
      this._debug.esPadding = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.esPadding = this._io.readU2le();
      this._debug.esPadding.end = this._io.pos;
      this._debug.ds = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.ds = this._io.readU2le();
      this._debug.ds.end = this._io.pos;
      this._debug.dsPadding = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.dsPadding = this._io.readU2le();
      this._debug.dsPadding.end = this._io.pos;
      this._debug.cs = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.cs = this._io.readU2le();
      this._debug.cs.end = this._io.pos;
      this._debug.csPadding = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.csPadding = this._io.readBytes(6);
      this._debug.csPadding.end = this._io.pos;
      this._debug.rflags = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.rflags = this._io.readU8le();
      this._debug.rflags.end = this._io.pos;
      this._debug.rip = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.rip = this._io.readU8le();
      this._debug.rip.end = this._io.pos;
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
      this._debug.esHid = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.esHid = new HiddenSelector(this._io, this, this._root);
      this.esHid._read();
      this._debug.esHid.end = this._io.pos;
      this._debug.csHid = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.csHid = new HiddenSelector(this._io, this, this._root);
      this.csHid._read();
      this._debug.csHid.end = this._io.pos;
      this._debug.ssHid = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.ssHid = new HiddenSelector(this._io, this, this._root);
      this.ssHid._read();
      this._debug.ssHid.end = this._io.pos;
      this._debug.dsHid = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.dsHid = new HiddenSelector(this._io, this, this._root);
      this.dsHid._read();
      this._debug.dsHid.end = this._io.pos;
      this._debug.fsHid = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.fsHid = new HiddenSelector(this._io, this, this._root);
      this.fsHid._read();
      this._debug.fsHid.end = this._io.pos;
      this._debug.gsHid = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.gsHid = new HiddenSelector(this._io, this, this._root);
      this.gsHid._read();
      this._debug.gsHid.end = this._io.pos;
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
      this.gdtr = new PackedXdtr(this._io, this, this._root);
      this.gdtr._read();
      this._debug.gdtr.end = this._io.pos;
      this._debug.gdtrPadding = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.gdtrPadding = this._io.readU2le();
      this._debug.gdtrPadding.end = this._io.pos;
      this._debug.idtr = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.idtr = new PackedIdtr(this._io, this, this._root);
      this.idtr._read();
      this._debug.idtr.end = this._io.pos;
      this._debug.idtrPadding = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.idtrPadding = this._io.readU2le();
      this._debug.idtrPadding.end = this._io.pos;
      this._debug.ldtr = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.ldtr = this._io.readU2le();
      this._debug.ldtr.end = this._io.pos;
      this._debug.ldtrPadding = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.ldtrPadding = this._io.readU2le();
      this._debug.ldtrPadding.end = this._io.pos;
      this._debug.tr = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.tr = this._io.readU2le();
      this._debug.tr.end = this._io.pos;
      this._debug.trPadding = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.trPadding = this._io.readU2le();
      this._debug.trPadding.end = this._io.pos;
      this._debug.sysEnter = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.sysEnter = new CpumSysenter(this._io, this, this._root);
      this.sysEnter._read();
      this._debug.sysEnter.end = this._io.pos;
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
      this._debug.ldtrHid = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.ldtrHid = new HiddenSelector(this._io, this, this._root);
      this.ldtrHid._read();
      this._debug.ldtrHid.end = this._io.pos;
      this._debug.trHid = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.trHid = new HiddenSelector(this._io, this, this._root);
      this.trHid._read();
      this._debug.trHid.end = this._io.pos;
    }

    /**
     * The FXSAVE image (x87, MXCSR, XMM0-15).
     */

    /**
     * General register RDI.
     */

    /**
     * General register RSI.
     */

    /**
     * Frame pointer.
     */

    /**
     * General register RAX.
     */

    /**
     * General register RBX.
     */

    /**
     * General register RDX.
     */

    /**
     * General register RCX.
     */

    /**
     * Stack pointer.
     */

    /**
     * Room the raw-mode world switcher's `lss esp` needed; not guest state.
     */

    /**
     * Stack segment selector (hidden part in ss_hid).
     */

    /**
     * Padding.
     */

    /**
     * GS selector.
     */

    /**
     * Padding.
     */

    /**
     * FS selector.
     */

    /**
     * Padding.
     */

    /**
     * ES selector.
     */

    /**
     * Padding.
     */

    /**
     * DS selector.
     */

    /**
     * Padding.
     */

    /**
     * Code segment selector.
     */

    /**
     * Padding to 8-byte alignment.
     */

    /**
     * Flags register.
     */

    /**
     * Instruction pointer.
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
     * Hidden part of ES.
     */

    /**
     * Hidden part of CS.
     */

    /**
     * Hidden part of SS.
     */

    /**
     * Hidden part of DS.
     */

    /**
     * Hidden part of FS.
     */

    /**
     * Hidden part of GS.
     */

    /**
     * Control register 0.
     */

    /**
     * Control register 2, the last page-fault linear address.
     */

    /**
     * Control register 3, the physical base of the guest's page tables.
     */

    /**
     * Control register 4.
     */

    /**
     * Debug registers DR0 to DR7.
     */

    /**
     * Global descriptor table register.
     */

    /**
     * Padding.
     */

    /**
     * Interrupt descriptor table register.
     */

    /**
     * Padding.
     */

    /**
     * LDT selector (hidden part in ldtr_hid).
     */

    /**
     * Padding.
     */

    /**
     * Task register selector (hidden part in tr_hid).
     */

    /**
     * Padding.
     */

    /**
     * The SYSENTER MSRs.
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
     * IA32_LSTAR.
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
     * Hidden part of LDTR.
     */

    /**
     * Hidden part of TR.
     */

    return CpumctxV40;
  })();

  /**
   * CPUMCTX of VirtualBox 4.2 and 4.3 (0x440 bytes).
   */

  var CpumctxV42 = VboxCpumctx.CpumctxV42 = (function() {
    function CpumctxV42(_io, _parent, _root) {
      this._io = _io;
      this._parent = _parent;
      this._root = _root;
      this._debug = {};

    }
    CpumctxV42.prototype._read = function() {
      this._debug.fpu = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.fpu = new X86Fxsave_.X86Fxsave(this._io, null, null);
      this.fpu._read();
      this._debug.fpu.end = this._io.pos;
      this._debug.registers = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.registers = new RegisterBlock(this._io, this, this._root);
      this.registers._read();
      this._debug.registers.end = this._io.pos;
      this._debug.sizePadding = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.sizePadding = this._io.readBytes(24);
      this._debug.sizePadding.end = this._io.pos;
    }

    /**
     * The FXSAVE image (x87, MXCSR, XMM0-15).
     */

    /**
     * Everything from RAX to the APIC base.
     */

    /**
     * Padding to 0x440 bytes.
     */

    return CpumctxV42;
  })();

  /**
   * CPUMCTX of the VirtualBox 5.0.0 pre-releases (0x240 or 0x300 bytes), without FPU state.
   */

  var CpumctxV50Beta = VboxCpumctx.CpumctxV50Beta = (function() {
    function CpumctxV50Beta(_io, _parent, _root, hasXcr) {
      this._io = _io;
      this._parent = _parent;
      this._root = _root;
      this.hasXcr = hasXcr;
      this._debug = {};

    }
    CpumctxV50Beta.prototype._read = function() {
      this._debug.registers = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.registers = new RegisterBlock(this._io, this, this._root);
      this.registers._read();
      this._debug.registers.end = this._io.pos;
      if (this.hasXcr) {
        this._debug.xcr = { start: this._io.pos, ioOffset: this._io.byteOffset };
        this._debug.xcr.arr = [];
        this.xcr = [];
        for (var i = 0; i < 2; i++) {
          this._debug.xcr.arr[i] = { start: this._io.pos, ioOffset: this._io.byteOffset };
          this.xcr.push(this._io.readU8le());
          this._debug.xcr.arr[i].end = this._io.pos;
        }
        this._debug.xcr.end = this._io.pos;
      }
      this._debug.rest = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.rest = this._io.readBytesFull();
      this._debug.rest.end = this._io.pos;
    }

    /**
     * Everything from RAX to the APIC base.
     */

    /**
     * XCR0 and XCR1.
     */

    /**
     * Host-side fields and padding; not guest state.
     */

    /**
     * Whether XCR0/XCR1 follow the register block (beta 2 on).
     */

    return CpumctxV50Beta;
  })();

  /**
   * The hidden part of a segment register in 4.0/4.1 (CPUMSELREGHID, 16 bytes).
   */

  var HiddenSelector = VboxCpumctx.HiddenSelector = (function() {
    function HiddenSelector(_io, _parent, _root) {
      this._io = _io;
      this._parent = _parent;
      this._root = _root;
      this._debug = {};

    }
    HiddenSelector.prototype._read = function() {
      this._debug.base = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.base = this._io.readU8le();
      this._debug.base.end = this._io.pos;
      this._debug.limit = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.limit = this._io.readU4le();
      this._debug.limit.end = this._io.pos;
      this._debug.attributes = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.attributes = this._io.readU4le();
      this._debug.attributes.end = this._io.pos;
    }

    /**
     * Segment base address.
     */

    /**
     * Segment limit.
     */

    /**
     * Segment attributes (type 0-3, S 4, DPL 5-6, P 7, AVL 12, L 13, D/B 14, G 15, unusable 16).
     */

    return HiddenSelector;
  })();

  /**
   * IDTR as CPUMCTX packs it (VBOXIDTR, 10 bytes; the same layout as VBOXGDTR, its own member names).
   */

  var PackedIdtr = VboxCpumctx.PackedIdtr = (function() {
    function PackedIdtr(_io, _parent, _root) {
      this._io = _io;
      this._parent = _parent;
      this._root = _root;
      this._debug = {};

    }
    PackedIdtr.prototype._read = function() {
      this._debug.limit = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.limit = this._io.readU2le();
      this._debug.limit.end = this._io.pos;
      this._debug.base = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.base = this._io.readU8le();
      this._debug.base.end = this._io.pos;
    }

    /**
     * Table limit in bytes.
     */

    /**
     * Linear base address of the table.
     */

    return PackedIdtr;
  })();

  /**
   * GDTR as CPUMCTX packs it (VBOXGDTR, 10 bytes; the base is not aligned).
   */

  var PackedXdtr = VboxCpumctx.PackedXdtr = (function() {
    function PackedXdtr(_io, _parent, _root) {
      this._io = _io;
      this._parent = _parent;
      this._root = _root;
      this._debug = {};

    }
    PackedXdtr.prototype._read = function() {
      this._debug.limit = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.limit = this._io.readU2le();
      this._debug.limit.end = this._io.pos;
      this._debug.base = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.base = this._io.readU8le();
      this._debug.base.end = this._io.pos;
    }

    /**
     * Table limit in bytes.
     */

    /**
     * Linear base address of the table.
     */

    return PackedXdtr;
  })();

  /**
   * The part of CPUMCTX from RAX to the APIC base that 4.2, 4.3 and the 5.0 betas share
   * (0x228 bytes; at 0x200 in 4.2/4.3, at 0 in the 5.0 betas).
   */

  var RegisterBlock = VboxCpumctx.RegisterBlock = (function() {
    function RegisterBlock(_io, _parent, _root) {
      this._io = _io;
      this._parent = _parent;
      this._root = _root;
      this._debug = {};

    }
    RegisterBlock.prototype._read = function() {
      this._debug.rax = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.rax = this._io.readU8le();
      this._debug.rax.end = this._io.pos;
      this._debug.rcx = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.rcx = this._io.readU8le();
      this._debug.rcx.end = this._io.pos;
      this._debug.rdx = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.rdx = this._io.readU8le();
      this._debug.rdx.end = this._io.pos;
      this._debug.rbx = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.rbx = this._io.readU8le();
      this._debug.rbx.end = this._io.pos;
      this._debug.rsp = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.rsp = this._io.readU8le();
      this._debug.rsp.end = this._io.pos;
      this._debug.rbp = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.rbp = this._io.readU8le();
      this._debug.rbp.end = this._io.pos;
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
      this._debug.es = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.es = new CpumSelReg(this._io, this, this._root);
      this.es._read();
      this._debug.es.end = this._io.pos;
      this._debug.cs = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.cs = new CpumSelReg(this._io, this, this._root);
      this.cs._read();
      this._debug.cs.end = this._io.pos;
      this._debug.ss = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.ss = new CpumSelReg(this._io, this, this._root);
      this.ss._read();
      this._debug.ss.end = this._io.pos;
      this._debug.ds = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.ds = new CpumSelReg(this._io, this, this._root);
      this.ds._read();
      this._debug.ds.end = this._io.pos;
      this._debug.fs = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.fs = new CpumSelReg(this._io, this, this._root);
      this.fs._read();
      this._debug.fs.end = this._io.pos;
      this._debug.gs = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.gs = new CpumSelReg(this._io, this, this._root);
      this.gs._read();
      this._debug.gs.end = this._io.pos;
      this._debug.rip = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.rip = this._io.readU8le();
      this._debug.rip.end = this._io.pos;
      this._debug.rflags = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.rflags = this._io.readU8le();
      this._debug.rflags.end = this._io.pos;
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
      this._debug.gdtrPadding = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.gdtrPadding = this._io.readBytes(6);
      this._debug.gdtrPadding.end = this._io.pos;
      this._debug.gdtr = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.gdtr = new PackedXdtr(this._io, this, this._root);
      this.gdtr._read();
      this._debug.gdtr.end = this._io.pos;
      this._debug.idtrPadding = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.idtrPadding = this._io.readBytes(6);
      this._debug.idtrPadding.end = this._io.pos;
      this._debug.idtr = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.idtr = new PackedIdtr(this._io, this, this._root);
      this.idtr._read();
      this._debug.idtr.end = this._io.pos;
      this._debug.ldtr = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.ldtr = new CpumSelReg(this._io, this, this._root);
      this.ldtr._read();
      this._debug.ldtr.end = this._io.pos;
      this._debug.tr = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.tr = new CpumSelReg(this._io, this, this._root);
      this.tr._read();
      this._debug.tr.end = this._io.pos;
      this._debug.sysEnter = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.sysEnter = new CpumSysenter(this._io, this, this._root);
      this.sysEnter._read();
      this._debug.sysEnter.end = this._io.pos;
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
     * General register RAX.
     */

    /**
     * General register RCX.
     */

    /**
     * General register RDX.
     */

    /**
     * General register RBX.
     */

    /**
     * Stack pointer.
     */

    /**
     * Frame pointer.
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
     * Extra segment.
     */

    /**
     * Code segment.
     */

    /**
     * Stack segment.
     */

    /**
     * Data segment.
     */

    /**
     * FS segment.
     */

    /**
     * GS segment.
     */

    /**
     * Instruction pointer.
     */

    /**
     * Flags register.
     */

    /**
     * Control register 0.
     */

    /**
     * Control register 2, the last page-fault linear address.
     */

    /**
     * Control register 3, the physical base of the guest's page tables.
     */

    /**
     * Control register 4.
     */

    /**
     * Debug registers DR0 to DR7.
     */

    /**
     * Padding that aligns the table base.
     */

    /**
     * Global descriptor table register.
     */

    /**
     * Padding that aligns the table base.
     */

    /**
     * Interrupt descriptor table register.
     */

    /**
     * LDT register.
     */

    /**
     * Task register.
     */

    /**
     * The SYSENTER MSRs.
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
     * IA32_LSTAR.
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
     * IA32_APIC_BASE in 4.3 and the 5.0 betas; in 4.2 these bytes are the start of the size padding (zero).
     */

    return RegisterBlock;
  })();

  /**
   * Which release's CPUMCTX the note holds, a `cpumctx_layout` value named by its size (0, unknown, for any other size).
   */
  Object.defineProperty(VboxCpumctx.prototype, 'layout', {
    get: function() {
      if (this._m_layout !== undefined)
        return this._m_layout;
      this._debug._m_layout = {  };
      this._m_layout = (this._io.size == 1024 ? 1024 : (this._io.size == 1088 ? 1088 : (this._io.size == 576 ? 576 : (this._io.size == 768 ? 768 : 0))));
      return this._m_layout;
    }
  });

  /**
   * The CPUMCTX of the release the note's size names.
   */

  return VboxCpumctx;
})();
VboxCpumctx_.VboxCpumctx = VboxCpumctx;
});
