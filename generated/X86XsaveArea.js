// This is a generated file! Please edit source .ksy file and use kaitai-struct-compiler to rebuild

(function (root, factory) {
  if (typeof define === 'function' && define.amd) {
    define(['exports', 'kaitai-struct/KaitaiStream', './X86Fxsave'], factory);
  } else if (typeof exports === 'object' && exports !== null && typeof exports.nodeType !== 'number') {
    factory(exports, require('kaitai-struct/KaitaiStream'), require('./X86Fxsave'));
  } else {
    factory(root.X86XsaveArea || (root.X86XsaveArea = {}), root.KaitaiStream, root.X86Fxsave || (root.X86Fxsave = {}));
  }
})(typeof self !== 'undefined' ? self : this, function (X86XsaveArea_, KaitaiStream, X86Fxsave_) {
/**
 * The area XSAVE writes, as DBGFCORECPU keeps it (always the last 8 KiB of a VBCPU note of
 * formats 0x10002 on): the legacy FXSAVE region, the XSAVE header, then the extended state
 * components. In the standard (non-compacted) format each component sits at the offset CPUID
 * leaf 0xD gives; the dump does not record CPUID, so the offsets used here are inferred: the
 * ones Intel documents and VirtualBox's X86XSAVEAREA names as the "typical layout on Intel
 * CPUs" (AVX's upper halves of YMM0-15 at 0x240, MPX at 0x3c0, AVX-512's opmask at 0x440, upper
 * halves of ZMM0-15 at 0x480 and ZMM16-31 at 0x680). A component is decoded when XSTATE_BV marks it present, the
 * area is in the standard format (XCOMP_BV bit 63 clear) and the state VirtualBox copied
 * (cbExt) reaches its end. Parses standalone from the 8 KiB.
 * @see Intel SDM vol. 1, 13.4 (XSAVE area) and 13.5 (state components)
 * @see {@link https://www.virtualbox.org/browser/vbox/trunk/include/iprt/x86.h|(X86XSAVEAREA, X86XSAVEYMMHI, X86XSAVEOPMASK, X86XSAVEZMMHI256, X86XSAVEZMM16HI)}
 */

var X86XsaveArea = (function() {
  function X86XsaveArea(_io, _parent, _root, stateSize) {
    this._io = _io;
    this._parent = _parent;
    this._root = _root || this;
    this.stateSize = stateSize;
    this._debug = {};

  }
  X86XsaveArea.prototype._read = function() {
    this._debug.legacy = { start: this._io.pos, ioOffset: this._io.byteOffset };
    this.legacy = new X86Fxsave_.X86Fxsave(this._io, null, null);
    this.legacy._read();
    this._debug.legacy.end = this._io.pos;
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
   * Bits 128-255 of one YMM register (X86XSAVEYMMHI's element, 16 bytes).
   */

  var UpperHalf = X86XsaveArea.UpperHalf = (function() {
    function UpperHalf(_io, _parent, _root) {
      this._io = _io;
      this._parent = _parent;
      this._root = _root;
      this._debug = {};

    }
    UpperHalf.prototype._read = function() {
      this._debug.low = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.low = this._io.readU8le();
      this._debug.low.end = this._io.pos;
      this._debug.high = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.high = this._io.readU8le();
      this._debug.high.end = this._io.pos;
    }

    /**
     * Bits 128-191.
     */

    /**
     * Bits 192-255.
     */

    return UpperHalf;
  })();

  /**
   * Whether ZMM16-31 are present and within the copied state.
   */
  Object.defineProperty(X86XsaveArea.prototype, 'hasHi16Zmm', {
    get: function() {
      if (this._m_hasHi16Zmm !== undefined)
        return this._m_hasHi16Zmm;
      this._debug._m_hasHi16Zmm = {  };
      this._m_hasHi16Zmm =  ((this.standardFormat) && ((this.xstateBvLow & 128) != 0) && (this.stateSize >= 2688)) ;
      return this._m_hasHi16Zmm;
    }
  });

  /**
   * Whether AVX-512's opmask registers are present and within the copied state.
   */
  Object.defineProperty(X86XsaveArea.prototype, 'hasOpmask', {
    get: function() {
      if (this._m_hasOpmask !== undefined)
        return this._m_hasOpmask;
      this._debug._m_hasOpmask = {  };
      this._m_hasOpmask =  ((this.standardFormat) && ((this.xstateBvLow & 32) != 0) && (this.stateSize >= 1152)) ;
      return this._m_hasOpmask;
    }
  });

  /**
   * Whether AVX's upper halves are present and within the copied state.
   */
  Object.defineProperty(X86XsaveArea.prototype, 'hasYmmHi128', {
    get: function() {
      if (this._m_hasYmmHi128 !== undefined)
        return this._m_hasYmmHi128;
      this._debug._m_hasYmmHi128 = {  };
      this._m_hasYmmHi128 =  ((this.standardFormat) && ((this.xstateBvLow & 4) != 0) && (this.stateSize >= 832)) ;
      return this._m_hasYmmHi128;
    }
  });

  /**
   * Whether the upper halves of ZMM0-15 are present and within the copied state.
   */
  Object.defineProperty(X86XsaveArea.prototype, 'hasZmmHi256', {
    get: function() {
      if (this._m_hasZmmHi256 !== undefined)
        return this._m_hasZmmHi256;
      this._debug._m_hasZmmHi256 = {  };
      this._m_hasZmmHi256 =  ((this.standardFormat) && ((this.xstateBvLow & 64) != 0) && (this.stateSize >= 1664)) ;
      return this._m_hasZmmHi256;
    }
  });

  /**
   * ZMM16-ZMM31 whole, eight 64-bit words each, low word first.
   */
  Object.defineProperty(X86XsaveArea.prototype, 'hi16Zmm', {
    get: function() {
      if (this._m_hi16Zmm !== undefined)
        return this._m_hi16Zmm;
      if (this.hasHi16Zmm) {
        var _pos = this._io.pos;
        this._io.seek(1664);
        this._debug._m_hi16Zmm = { start: this._io.pos, ioOffset: this._io.byteOffset };
        this._debug._m_hi16Zmm.arr = [];
        this._m_hi16Zmm = [];
        for (var i = 0; i < 128; i++) {
          this._debug._m_hi16Zmm.arr[i] = { start: this._io.pos, ioOffset: this._io.byteOffset };
          this._m_hi16Zmm.push(this._io.readU8le());
          this._debug._m_hi16Zmm.arr[i].end = this._io.pos;
        }
        this._debug._m_hi16Zmm.end = this._io.pos;
        this._io.seek(_pos);
      }
      return this._m_hi16Zmm;
    }
  });

  /**
   * AVX-512 opmask registers k0-k7.
   */
  Object.defineProperty(X86XsaveArea.prototype, 'opmask', {
    get: function() {
      if (this._m_opmask !== undefined)
        return this._m_opmask;
      if (this.hasOpmask) {
        var _pos = this._io.pos;
        this._io.seek(1088);
        this._debug._m_opmask = { start: this._io.pos, ioOffset: this._io.byteOffset };
        this._debug._m_opmask.arr = [];
        this._m_opmask = [];
        for (var i = 0; i < 8; i++) {
          this._debug._m_opmask.arr[i] = { start: this._io.pos, ioOffset: this._io.byteOffset };
          this._m_opmask.push(this._io.readU8le());
          this._debug._m_opmask.arr[i].end = this._io.pos;
        }
        this._debug._m_opmask.end = this._io.pos;
        this._io.seek(_pos);
      }
      return this._m_opmask;
    }
  });

  /**
   * Whether the components sit at their standard offsets (XCOMP_BV bit 63 clear).
   */
  Object.defineProperty(X86XsaveArea.prototype, 'standardFormat', {
    get: function() {
      if (this._m_standardFormat !== undefined)
        return this._m_standardFormat;
      this._debug._m_standardFormat = {  };
      this._m_standardFormat = (this.xcompBvHigh & 2147483648) == 0;
      return this._m_standardFormat;
    }
  });

  /**
   * The high half of XCOMP_BV (bit 31 of it is the compacted-format bit 63).
   */
  Object.defineProperty(X86XsaveArea.prototype, 'xcompBvHigh', {
    get: function() {
      if (this._m_xcompBvHigh !== undefined)
        return this._m_xcompBvHigh;
      var _pos = this._io.pos;
      this._io.seek(524);
      this._debug._m_xcompBvHigh = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this._m_xcompBvHigh = this._io.readU4le();
      this._debug._m_xcompBvHigh.end = this._io.pos;
      this._io.seek(_pos);
      return this._m_xcompBvHigh;
    }
  });

  /**
   * The low half of XSTATE_BV (components 0-31), read apart so that every target tests its bits alike.
   */
  Object.defineProperty(X86XsaveArea.prototype, 'xstateBvLow', {
    get: function() {
      if (this._m_xstateBvLow !== undefined)
        return this._m_xstateBvLow;
      var _pos = this._io.pos;
      this._io.seek(512);
      this._debug._m_xstateBvLow = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this._m_xstateBvLow = this._io.readU4le();
      this._debug._m_xstateBvLow.end = this._io.pos;
      this._io.seek(_pos);
      return this._m_xstateBvLow;
    }
  });

  /**
   * Bits 128-255 of YMM0-YMM15 (their low halves are XMM0-15 in the legacy region).
   */
  Object.defineProperty(X86XsaveArea.prototype, 'ymmHi128', {
    get: function() {
      if (this._m_ymmHi128 !== undefined)
        return this._m_ymmHi128;
      if (this.hasYmmHi128) {
        var _pos = this._io.pos;
        this._io.seek(576);
        this._debug._m_ymmHi128 = { start: this._io.pos, ioOffset: this._io.byteOffset };
        this._debug._m_ymmHi128.arr = [];
        this._m_ymmHi128 = [];
        for (var i = 0; i < 16; i++) {
          this._debug._m_ymmHi128.arr[i] = { start: this._io.pos, ioOffset: this._io.byteOffset };
          var _t__m_ymmHi128 = new UpperHalf(this._io, this, this._root);
          try {
            _t__m_ymmHi128._read();
          } finally {
            this._m_ymmHi128.push(_t__m_ymmHi128);
          }
          this._debug._m_ymmHi128.arr[i].end = this._io.pos;
        }
        this._debug._m_ymmHi128.end = this._io.pos;
        this._io.seek(_pos);
      }
      return this._m_ymmHi128;
    }
  });

  /**
   * Bits 256-511 of ZMM0-ZMM15, four 64-bit words each, low word first.
   */
  Object.defineProperty(X86XsaveArea.prototype, 'zmmHi256', {
    get: function() {
      if (this._m_zmmHi256 !== undefined)
        return this._m_zmmHi256;
      if (this.hasZmmHi256) {
        var _pos = this._io.pos;
        this._io.seek(1152);
        this._debug._m_zmmHi256 = { start: this._io.pos, ioOffset: this._io.byteOffset };
        this._debug._m_zmmHi256.arr = [];
        this._m_zmmHi256 = [];
        for (var i = 0; i < 64; i++) {
          this._debug._m_zmmHi256.arr[i] = { start: this._io.pos, ioOffset: this._io.byteOffset };
          this._m_zmmHi256.push(this._io.readU8le());
          this._debug._m_zmmHi256.arr[i].end = this._io.pos;
        }
        this._debug._m_zmmHi256.end = this._io.pos;
        this._io.seek(_pos);
      }
      return this._m_zmmHi256;
    }
  });

  /**
   * The legacy region, laid out as FXSAVE writes it (x87, MXCSR, XMM0-15).
   */

  /**
   * XSAVE header XSTATE_BV, the state components present in the area (bit 2 AVX, 5-7 AVX-512).
   */

  /**
   * XSAVE header XCOMP_BV (bit 63 set for the compacted format, whose components are not at fixed offsets).
   */

  /**
   * Reserved part of the XSAVE header.
   */

  /**
   * Extended state components, as XSTATE_BV and XCOMP_BV say (decoded by the instances below).
   */

  /**
   * Bytes of the area holding state (DBGFCORECPU's cbExt; 0x2000 where a format copied all of it).
   */

  return X86XsaveArea;
})();
X86XsaveArea_.X86XsaveArea = X86XsaveArea;
});
