// This is a generated file! Please edit source .ksy file and use kaitai-struct-compiler to rebuild

(function (root, factory) {
  if (typeof define === 'function' && define.amd) {
    define(['exports', 'kaitai-struct/KaitaiStream'], factory);
  } else if (typeof exports === 'object' && exports !== null && typeof exports.nodeType !== 'number') {
    factory(exports, require('kaitai-struct/KaitaiStream'));
  } else {
    factory(root.VboxCoreDescriptor || (root.VboxCoreDescriptor = {}), root.KaitaiStream);
  }
})(typeof self !== 'undefined' ? self : this, function (VboxCoreDescriptor_, KaitaiStream) {
/**
 * The 24-byte descriptor of the first note ("VBCORE", NT_VBOXCORE): magic, format version,
 * the VirtualBox version and revision that wrote the dump, and the number of vCPUs.
 * Parses standalone from the note's descriptor bytes.
 * @see {@link https://www.virtualbox.org/browser/vbox/trunk/include/VBox/vmm/dbgfcorefmt.h|(DBGFCOREDESCRIPTOR)}
 */

var VboxCoreDescriptor = (function() {
  function VboxCoreDescriptor(_io, _parent, _root) {
    this._io = _io;
    this._parent = _parent;
    this._root = _root || this;
    this._debug = {};

  }
  VboxCoreDescriptor.prototype._read = function() {
    this._debug.magic = { start: this._io.pos, ioOffset: this._io.byteOffset };
    this.magic = this._io.readU4le();
    this._debug.magic.end = this._io.pos;
    if (!(this.magic == 3222978782)) {
      var _err = new KaitaiStream.ValidationNotEqualError(3222978782, this.magic, this._io, "/seq/0");
      this._debug.magic.validationError = _err;
      throw _err;
    }
    this._debug.formatVersion = { start: this._io.pos, ioOffset: this._io.byteOffset };
    this.formatVersion = this._io.readU4le();
    this._debug.formatVersion.end = this._io.pos;
    this._debug.descriptorSize = { start: this._io.pos, ioOffset: this._io.byteOffset };
    this.descriptorSize = this._io.readU4le();
    this._debug.descriptorSize.end = this._io.pos;
    this._debug.vboxVersion = { start: this._io.pos, ioOffset: this._io.byteOffset };
    this.vboxVersion = this._io.readU4le();
    this._debug.vboxVersion.end = this._io.pos;
    this._debug.vboxRevision = { start: this._io.pos, ioOffset: this._io.byteOffset };
    this.vboxRevision = this._io.readU4le();
    this._debug.vboxRevision.end = this._io.pos;
    this._debug.cpuCount = { start: this._io.pos, ioOffset: this._io.byteOffset };
    this.cpuCount = this._io.readU4le();
    this._debug.cpuCount.end = this._io.pos;
  }

  /**
   * Upper half of the format version; 1 for every format VirtualBox has written.
   */
  Object.defineProperty(VboxCoreDescriptor.prototype, 'formatFamily', {
    get: function() {
      if (this._m_formatFamily !== undefined)
        return this._m_formatFamily;
      this._debug._m_formatFamily = {  };
      this._m_formatFamily = this.formatVersion >>> 16;
      return this._m_formatFamily;
    }
  });

  /**
   * Lower half of the format version, bumped on every layout change of the VBCPU note.
   */
  Object.defineProperty(VboxCoreDescriptor.prototype, 'formatMinor', {
    get: function() {
      if (this._m_formatMinor !== undefined)
        return this._m_formatMinor;
      this._debug._m_formatMinor = {  };
      this._m_formatMinor = this.formatVersion & 65535;
      return this._m_formatMinor;
    }
  });

  /**
   * Build (patch) number of the VirtualBox version.
   */
  Object.defineProperty(VboxCoreDescriptor.prototype, 'vboxVersionBuild', {
    get: function() {
      if (this._m_vboxVersionBuild !== undefined)
        return this._m_vboxVersionBuild;
      this._debug._m_vboxVersionBuild = {  };
      this._m_vboxVersionBuild = this.vboxVersion & 65535;
      return this._m_vboxVersionBuild;
    }
  });

  /**
   * Major VirtualBox version.
   */
  Object.defineProperty(VboxCoreDescriptor.prototype, 'vboxVersionMajor', {
    get: function() {
      if (this._m_vboxVersionMajor !== undefined)
        return this._m_vboxVersionMajor;
      this._debug._m_vboxVersionMajor = {  };
      this._m_vboxVersionMajor = this.vboxVersion >>> 24 & 255;
      return this._m_vboxVersionMajor;
    }
  });

  /**
   * Minor VirtualBox version.
   */
  Object.defineProperty(VboxCoreDescriptor.prototype, 'vboxVersionMinor', {
    get: function() {
      if (this._m_vboxVersionMinor !== undefined)
        return this._m_vboxVersionMinor;
      this._debug._m_vboxVersionMinor = {  };
      this._m_vboxVersionMinor = this.vboxVersion >>> 16 & 255;
      return this._m_vboxVersionMinor;
    }
  });

  /**
   * Core file magic, DBGFCORE_MAGIC (0xc01ac0de). A checked number rather than an enum: C#
   * enums are 32-bit signed, and 0xc01ac0de does not fit.
   */

  /**
   * Core format version, 0x0001xxxx: 0x00010000 on 4.1.x up to 0x00010006 today. The
   * family is accepted whole; versions the reader does not know are reported, not refused.
   */

  /**
   * Size of this structure, 24.
   */

  /**
   * VirtualBox version that wrote the dump; major in bits 31..24, minor in 23..16, build in 15..0.
   */

  /**
   * VirtualBox source revision (SVN) that wrote the dump.
   */

  /**
   * Number of vCPUs; one VBCPU note follows for each.
   */

  return VboxCoreDescriptor;
})();
VboxCoreDescriptor_.VboxCoreDescriptor = VboxCoreDescriptor;
});
