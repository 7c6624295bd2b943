// This is a generated file! Please edit source .ksy file and use kaitai-struct-compiler to rebuild

(function (root, factory) {
  if (typeof define === 'function' && define.amd) {
    define(['exports', 'kaitai-struct/KaitaiStream'], factory);
  } else if (typeof exports === 'object' && exports !== null && typeof exports.nodeType !== 'number') {
    factory(exports, require('kaitai-struct/KaitaiStream'));
  } else {
    factory(root.X86Fxsave || (root.X86Fxsave = {}), root.KaitaiStream);
  }
})(typeof self !== 'undefined' ? self : this, function (X86Fxsave_, KaitaiStream) {
/**
 * The 512-byte image FXSAVE writes: the x87 FPU environment, MXCSR, the eight x87/MMX registers
 * and the sixteen XMM registers. VirtualBox keeps it at the start of CPUMCTX (formats 0x00010000)
 * and at the start of the XSAVE area of DBGFCORECPU (formats 0x00010002 on). Parses standalone
 * from the 512 bytes.
 * @see Intel SDM vol. 1, 10.5.1 (FXSAVE area layout)
 * @see {@link https://www.virtualbox.org/browser/vbox/trunk/include/iprt/x86.h|(X86FXSTATE)}
 */

var X86Fxsave = (function() {
  function X86Fxsave(_io, _parent, _root) {
    this._io = _io;
    this._parent = _parent;
    this._root = _root || this;
    this._debug = {};

  }
  X86Fxsave.prototype._read = function() {
    this._debug.fcw = { start: this._io.pos, ioOffset: this._io.byteOffset };
    this.fcw = this._io.readU2le();
    this._debug.fcw.end = this._io.pos;
    this._debug.fsw = { start: this._io.pos, ioOffset: this._io.byteOffset };
    this.fsw = this._io.readU2le();
    this._debug.fsw.end = this._io.pos;
    this._debug.ftw = { start: this._io.pos, ioOffset: this._io.byteOffset };
    this.ftw = this._io.readU2le();
    this._debug.ftw.end = this._io.pos;
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
  }

  /**
   * One x87 register slot (X86FPUREG, 16 bytes) - an 80-bit value and padding.
   */

  var X87Register = X86Fxsave.X87Register = (function() {
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

  var XmmRegister = X86Fxsave.XmmRegister = (function() {
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
   * x87 FPU control word.
   */

  /**
   * x87 FPU status word.
   */

  /**
   * x87 FPU tag word as VirtualBox declares it (uint16_t FTW): the abridged tag (one bit per
   * register, 1 = valid) in the low byte; FXSAVE leaves the high byte reserved (zero).
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

  return X86Fxsave;
})();
X86Fxsave_.X86Fxsave = X86Fxsave;
});
