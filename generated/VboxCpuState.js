// This is a generated file! Please edit source .ksy file and use kaitai-struct-compiler to rebuild

(function (root, factory) {
  if (typeof define === 'function' && define.amd) {
    define(['exports', 'kaitai-struct/KaitaiStream', './VboxCpumctx', './X86XsaveArea'], factory);
  } else if (typeof exports === 'object' && exports !== null && typeof exports.nodeType !== 'number') {
    factory(exports, require('kaitai-struct/KaitaiStream'), require('./VboxCpumctx'), require('./X86XsaveArea'));
  } else {
    factory(root.VboxCpuState || (root.VboxCpuState = {}), root.KaitaiStream, root.VboxCpumctx || (root.VboxCpumctx = {}), root.X86XsaveArea || (root.X86XsaveArea = {}));
  }
})(typeof self !== 'undefined' ? self : this, function (VboxCpuState_, KaitaiStream, VboxCpumctx_, X86XsaveArea_) {
/**
 * The registers of one vCPU from a "VBCPU" note (NT_VBOXCPU). What the note holds depends on
 * the core format version and on the compiler of the host VirtualBox ran on:
 *   format 0x00010000 (4.0 - 4.3, 5.0.0 betas): the raw CPUMCTX of the release (vbox_cpumctx),
 *     0x400, 0x440, 0x240 or 0x300 bytes;
 *   format 0x00010002 (5.0.0 RC2 - 5.0.0): DBGFCORECPU, 0x2220 bytes;
 *   format 0x00010003 (5.0.2 - 5.1.0 beta 1): adds cbExt; 0x2230 bytes from gcc/clang hosts,
 *     0x2228 from Windows and 32-bit hosts;
 *   format 0x00010005 (5.1.0 beta 3 - 6.1.x): adds rflags, sysenter becomes three fields; 0x2240;
 *   format 0x00010006 (7.0 on): adds msrTscAux; 0x2250 (gcc/clang hosts) or 0x2248 (Windows).
 * The format version and the note's size pick the layout (`layout`): a pair a release wrote names
 * it exactly; a size a release wrote under another format version is decoded by the size; a size
 * no release wrote falls back to the format version's DBGFCORECPU, when the note holds its fields
 * and the 8 KiB XSAVE area (which always starts at n_descsz - 0x2000). The parameter is the
 * format version of the dump's VBCORE descriptor (0 when it is unknown). Parses standalone from
 * the note's descriptor bytes.
 * @see {@link https://www.virtualbox.org/browser/vbox/trunk/include/VBox/vmm/dbgfcorefmt.h|(DBGFCORECPU, DBGFCORE_FMT_VERSION)}
 * @see {@link https://www.virtualbox.org/browser/vbox/trunk/src/VBox/VMM/VMMR3/DBGFCoreWrite.cpp|(dbgfR3GetCoreCpu)}
 */

var VboxCpuState = (function() {
  VboxCpuState.CpuLayout = Object.freeze({
    UNKNOWN: 0,
    CPUMCTX: 65536,
    DBGFCORECPU_V2: 65538,
    DBGFCORECPU_V3: 65539,
    DBGFCORECPU_V5: 65541,
    DBGFCORECPU_V6: 65542,

    0: "UNKNOWN",
    65536: "CPUMCTX",
    65538: "DBGFCORECPU_V2",
    65539: "DBGFCORECPU_V3",
    65541: "DBGFCORECPU_V5",
    65542: "DBGFCORECPU_V6",
  });

  function VboxCpuState(_io, _parent, _root, formatVersion) {
    this._io = _io;
    this._parent = _parent;
    this._root = _root || this;
    this.formatVersion = formatVersion;
    this._debug = {};

  }
  VboxCpuState.prototype._read = function() {
    this._debug.body = { start: this._io.pos, ioOffset: this._io.byteOffset };
    switch (this.layout) {
    case 65536:
      this.body = new VboxCpumctx_.VboxCpumctx(this._io, null, null);
      this.body._read();
      break;
    case 65538:
      this.body = new Dbgfcorecpu(this._io, this, this._root, 2);
      this.body._read();
      break;
    case 65539:
      this.body = new Dbgfcorecpu(this._io, this, this._root, 3);
      this.body._read();
      break;
    case 65541:
      this.body = new Dbgfcorecpu(this._io, this, this._root, 5);
      this.body._read();
      break;
    case 65542:
      this.body = new Dbgfcorecpu(this._io, this, this._root, 6);
      this.body._read();
      break;
    }
    this._debug.body.end = this._io.pos;
  }

  /**
   * DBGFCORECPU of format 0x0001000<version>. Fields come and go by version; the offsets of
   * each version are the same on every host, only the alignment of the XSAVE area differs.
   */

  var Dbgfcorecpu = VboxCpuState.Dbgfcorecpu = (function() {
    function Dbgfcorecpu(_io, _parent, _root, version) {
      this._io = _io;
      this._parent = _parent;
      this._root = _root;
      this.version = version;
      this._debug = {};

    }
    Dbgfcorecpu.prototype._read = function() {
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
      if (this.version >= 5) {
        this._debug.rflags = { start: this._io.pos, ioOffset: this._io.byteOffset };
        this.rflags = this._io.readU8le();
        this._debug.rflags.end = this._io.pos;
      }
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
      if (this.version >= 5) {
        this._debug.sysenterCs = { start: this._io.pos, ioOffset: this._io.byteOffset };
        this.sysenterCs = this._io.readU8le();
        this._debug.sysenterCs.end = this._io.pos;
      }
      if (this.version >= 5) {
        this._debug.sysenterEip = { start: this._io.pos, ioOffset: this._io.byteOffset };
        this.sysenterEip = this._io.readU8le();
        this._debug.sysenterEip.end = this._io.pos;
      }
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
      if (this.version >= 6) {
        this._debug.msrTscAux = { start: this._io.pos, ioOffset: this._io.byteOffset };
        this.msrTscAux = this._io.readU8le();
        this._debug.msrTscAux.end = this._io.pos;
      }
      this._debug.xcr = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this._debug.xcr.arr = [];
      this.xcr = [];
      for (var i = 0; i < 2; i++) {
        this._debug.xcr.arr[i] = { start: this._io.pos, ioOffset: this._io.byteOffset };
        this.xcr.push(this._io.readU8le());
        this._debug.xcr.arr[i].end = this._io.pos;
      }
      this._debug.xcr.end = this._io.pos;
      if (this.version >= 3) {
        this._debug.extSize = { start: this._io.pos, ioOffset: this._io.byteOffset };
        this.extSize = this._io.readU4le();
        this._debug.extSize.end = this._io.pos;
      }
      if (this.version >= 3) {
        this._debug.padding0 = { start: this._io.pos, ioOffset: this._io.byteOffset };
        this.padding0 = this._io.readU4le();
        this._debug.padding0.end = this._io.pos;
      }
      this._debug.extAlignment = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.extAlignment = this._io.readBytes((this._io.size - 8192) - this._io.pos);
      this._debug.extAlignment.end = this._io.pos;
      this._debug.ext = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this._raw_ext = this._io.readBytes(8192);
      var _io__raw_ext = new KaitaiStream(this._raw_ext);
      this.ext = new X86XsaveArea_.X86XsaveArea(_io__raw_ext, null, null, (this.version >= 3 ? this.extSizeUnconditional : 8192));
      this.ext._read();
      this._debug.ext.end = this._io.pos;
    }

    /**
     * cbExt read again where `ext_size` is (after rflags from format 0x00010005, after
     * msrTscAux from 0x00010006), without its `if`: in C# a conditional field is nullable,
     * which the XSAVE area's parameter cannot take (the layout tool checks `ext_size` itself
     * against the headers). Meaningless, and unused, before format 0x00010003.
     */
    Object.defineProperty(Dbgfcorecpu.prototype, 'extSizeUnconditional', {
      get: function() {
        if (this._m_extSizeUnconditional !== undefined)
          return this._m_extSizeUnconditional;
        var _pos = this._io.pos;
        this._io.seek((544 + (this.version >= 5 ? 24 : 0)) + (this.version >= 6 ? 8 : 0));
        this._debug._m_extSizeUnconditional = { start: this._io.pos, ioOffset: this._io.byteOffset };
        this._m_extSizeUnconditional = this._io.readU4le();
        this._debug._m_extSizeUnconditional.end = this._io.pos;
        this._io.seek(_pos);
        return this._m_extSizeUnconditional;
      }
    });

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
     * Flags register (format 0x00010005 on; earlier formats do not store it).
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
     * IA32_SYSENTER_CS (format 0x00010005 on).
     */

    /**
     * IA32_SYSENTER_EIP (format 0x00010005 on).
     */

    /**
     * IA32_SYSENTER_ESP. Before format 0x00010005 `sysenter` was an 8-byte union and the
     * writer stored cs, eip and esp into it in turn, so only esp survives.
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
     * IA32_TSC_AUX, what RDTSCP returns in ECX (format 0x00010006 on).
     */

    /**
     * Extended control registers XCR0 (which state components XSAVE manages) and XCR1.
     */

    /**
     * Bytes of `ext` that hold state (format 0x00010003 on; before, all 8 KiB were copied).
     */

    /**
     * Padding.
     */

    /**
     * Alignment before the XSAVE area: 8 bytes where the host compiler aligns it to 16 (gcc
     * and clang on 64-bit hosts) and the fields end 8 bytes short of that, else none.
     */

    /**
     * The FPU/SSE/AVX state, always the last 8 KiB of the note (its own stream, so that its components sit at their offsets).
     */

    /**
     * The minor part of the format version (2, 3, 5 or 6).
     */

    return Dbgfcorecpu;
  })();

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
   * The layout decoded, a `cpu_layout` value: the release's for this format version and size
   * (exact); else the one a release wrote at this size (the format version contradicts it);
   * else the format version's, with the XSAVE area in the last 8 KiB (a size no release wrote:
   * inferred).
   */
  Object.defineProperty(VboxCpuState.prototype, 'layout', {
    get: function() {
      if (this._m_layout !== undefined)
        return this._m_layout;
      this._debug._m_layout = {  };
      this._m_layout = (this.layoutReleased != 0 ? this.layoutReleased : (this.layoutBySize != 0 ? this.layoutBySize : this.layoutByVersion));
      return this._m_layout;
    }
  });

  /**
   * The `cpu_layout` a release wrote at this note size, whatever the format version says, or 0 (unknown).
   */
  Object.defineProperty(VboxCpuState.prototype, 'layoutBySize', {
    get: function() {
      if (this._m_layoutBySize !== undefined)
        return this._m_layoutBySize;
      this._debug._m_layoutBySize = {  };
      this._m_layoutBySize = ( ((this._io.size == 1024) || (this._io.size == 1088) || (this._io.size == 576) || (this._io.size == 768))  ? 65536 : (this._io.size == 8736 ? 65538 : ( ((this._io.size == 8752) || (this._io.size == 8744))  ? 65539 : (this._io.size == 8768 ? 65541 : ( ((this._io.size == 8784) || (this._io.size == 8776))  ? 65542 : 0)))));
      return this._m_layoutBySize;
    }
  });

  /**
   * The format version's DBGFCORECPU (a `cpu_layout`) when the note is large enough to hold it, or 0 (unknown).
   */
  Object.defineProperty(VboxCpuState.prototype, 'layoutByVersion', {
    get: function() {
      if (this._m_layoutByVersion !== undefined)
        return this._m_layoutByVersion;
      this._debug._m_layoutByVersion = {  };
      this._m_layoutByVersion = ( ((this.formatVersion == 65538) && (this._io.size >= 8736))  ? 65538 : ( ((this.formatVersion == 65539) && (this._io.size >= 8744))  ? 65539 : ( ((this.formatVersion == 65541) && (this._io.size >= 8768))  ? 65541 : ( ((this.formatVersion == 65542) && (this._io.size >= 8776))  ? 65542 : 0))));
      return this._m_layoutByVersion;
    }
  });

  /**
   * The `cpu_layout` of a release that wrote this format version at this note size (exact), or 0 (unknown).
   */
  Object.defineProperty(VboxCpuState.prototype, 'layoutReleased', {
    get: function() {
      if (this._m_layoutReleased !== undefined)
        return this._m_layoutReleased;
      this._debug._m_layoutReleased = {  };
      this._m_layoutReleased = ( ((this.formatVersion == 65536) && ( ((this._io.size == 1024) || (this._io.size == 1088) || (this._io.size == 576) || (this._io.size == 768)) ))  ? 65536 : ( ((this.formatVersion == 65538) && (this._io.size == 8736))  ? 65538 : ( ((this.formatVersion == 65539) && ( ((this._io.size == 8752) || (this._io.size == 8744)) ))  ? 65539 : ( ((this.formatVersion == 65541) && (this._io.size == 8768))  ? 65541 : ( ((this.formatVersion == 65542) && ( ((this._io.size == 8784) || (this._io.size == 8776)) ))  ? 65542 : 0)))));
      return this._m_layoutReleased;
    }
  });

  /**
   * The registers in the layout `layout` names (a `cpu_layout` value); absent when it is unknown.
   */

  /**
   * DBGFCOREDESCRIPTOR.u32FmtVersion of the dump's VBCORE note; 0 when the note is missing.
   */

  return VboxCpuState;
})();
VboxCpuState_.VboxCpuState = VboxCpuState;
});
