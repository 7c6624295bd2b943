// This is a generated file! Please edit source .ksy file and use kaitai-struct-compiler to rebuild

(function (root, factory) {
  if (typeof define === 'function' && define.amd) {
    define(['exports', 'kaitai-struct/KaitaiStream'], factory);
  } else if (typeof exports === 'object' && exports !== null && typeof exports.nodeType !== 'number') {
    factory(exports, require('kaitai-struct/KaitaiStream'));
  } else {
    factory(root.VboxElfNote || (root.VboxElfNote = {}), root.KaitaiStream);
  }
})(typeof self !== 'undefined' ? self : this, function (VboxElfNote_, KaitaiStream) {
/**
 * One record of the PT_NOTE segment. VirtualBox departs from the usual ELF note rules:
 * `n_namesz` counts the name without its terminating NUL, and the name (with its NUL) and the
 * descriptor are each padded with zeros to a multiple of 8, not 4. Records follow each other
 * with no further alignment. The descriptor is kept as raw bytes and always stepped over by
 * `n_descsz`, because the VBCPU descriptor grows between format versions; decode it with
 * vbox_core_descriptor or vbox_cpu_state. Parses standalone at any record start.
 * @see {@link https://www.virtualbox.org/browser/vbox/trunk/src/VBox/VMM/VMMR3/DBGFCoreWrite.cpp|(Elf64WriteNoteHdr)}
 * @see {@link https://www.virtualbox.org/browser/vbox/trunk/include/VBox/vmm/dbgfcorefmt.h|Source}
 */

var VboxElfNote = (function() {
  VboxElfNote.NoteType = Object.freeze({
    VBOX_CORE: 2816,
    VBOX_CPU: 2817,

    2816: "VBOX_CORE",
    2817: "VBOX_CPU",
  });

  function VboxElfNote(_io, _parent, _root) {
    this._io = _io;
    this._parent = _parent;
    this._root = _root || this;
    this._debug = {};

  }
  VboxElfNote.prototype._read = function() {
    this._debug.header = { start: this._io.pos, ioOffset: this._io.byteOffset };
    this.header = new NoteHeader(this._io, this, this._root);
    this.header._read();
    this._debug.header.end = this._io.pos;
    this._debug.name = { start: this._io.pos, ioOffset: this._io.byteOffset };
    this.name = KaitaiStream.bytesToStr(this._io.readBytes(this.header.nNamesz), "ASCII");
    this._debug.name.end = this._io.pos;
    this._debug.namePadding = { start: this._io.pos, ioOffset: this._io.byteOffset };
    this.namePadding = this._io.readBytes(this.header.namePaddingSize);
    this._debug.namePadding.end = this._io.pos;
    this._debug.descriptor = { start: this._io.pos, ioOffset: this._io.byteOffset };
    this.descriptor = this._io.readBytes(this.header.nDescsz);
    this._debug.descriptor.end = this._io.pos;
    this._debug.descriptorPadding = { start: this._io.pos, ioOffset: this._io.byteOffset };
    this.descriptorPadding = this._io.readBytes(this.header.descriptorPaddingSize);
    this._debug.descriptorPadding.end = this._io.pos;
  }

  /**
   * The fixed part of a note. Parses standalone, so that a reader can check `record_size`
   * against the bytes left in the segment before reading name and descriptor (hostile
   * sizes up to 2^32 - 1 must not reach a byte-array allocation).
   */

  var NoteHeader = VboxElfNote.NoteHeader = (function() {
    function NoteHeader(_io, _parent, _root) {
      this._io = _io;
      this._parent = _parent;
      this._root = _root;
      this._debug = {};

    }
    NoteHeader.prototype._read = function() {
      this._debug.nNamesz = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.nNamesz = this._io.readU4le();
      this._debug.nNamesz.end = this._io.pos;
      this._debug.nDescsz = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.nDescsz = this._io.readU4le();
      this._debug.nDescsz.end = this._io.pos;
      this._debug.nType = { start: this._io.pos, ioOffset: this._io.byteOffset, enumName: "VboxElfNote.NoteType" };
      this.nType = this._io.readU4le();
      this._debug.nType.end = this._io.pos;
    }

    /**
     * Bytes taken by the descriptor and its padding to a multiple of 8.
     */
    Object.defineProperty(NoteHeader.prototype, 'descriptorFieldSize', {
      get: function() {
        if (this._m_descriptorFieldSize !== undefined)
          return this._m_descriptorFieldSize;
        this._debug._m_descriptorFieldSize = {  };
        this._m_descriptorFieldSize = Math.floor((this.nDescsz + 7) / 8) * 8;
        return this._m_descriptorFieldSize;
      }
    });

    /**
     * Zeros after the descriptor up to a multiple of 8 (0 to 7).
     */
    Object.defineProperty(NoteHeader.prototype, 'descriptorPaddingSize', {
      get: function() {
        if (this._m_descriptorPaddingSize !== undefined)
          return this._m_descriptorPaddingSize;
        this._debug._m_descriptorPaddingSize = {  };
        this._m_descriptorPaddingSize = KaitaiStream.mod(8 - KaitaiStream.mod(this.nDescsz, 8), 8);
        return this._m_descriptorPaddingSize;
      }
    });

    /**
     * Bytes taken by the name, its NUL and its padding to a multiple of 8.
     */
    Object.defineProperty(NoteHeader.prototype, 'nameFieldSize', {
      get: function() {
        if (this._m_nameFieldSize !== undefined)
          return this._m_nameFieldSize;
        this._debug._m_nameFieldSize = {  };
        this._m_nameFieldSize = Math.floor((this.nNamesz + 8) / 8) * 8;
        return this._m_nameFieldSize;
      }
    });

    /**
     * Bytes after the name: its NUL and the zeros up to a multiple of 8 (1 to 8). Computed
     * from n_namesz alone, so that statically typed targets (Go) do not subtract a u4 from
     * the integer name_field_size.
     */
    Object.defineProperty(NoteHeader.prototype, 'namePaddingSize', {
      get: function() {
        if (this._m_namePaddingSize !== undefined)
          return this._m_namePaddingSize;
        this._debug._m_namePaddingSize = {  };
        this._m_namePaddingSize = 8 - KaitaiStream.mod(this.nNamesz, 8);
        return this._m_namePaddingSize;
      }
    });

    /**
     * Bytes of the whole note record; the next record starts this far on.
     */
    Object.defineProperty(NoteHeader.prototype, 'recordSize', {
      get: function() {
        if (this._m_recordSize !== undefined)
          return this._m_recordSize;
        this._debug._m_recordSize = {  };
        this._m_recordSize = (12 + this.nameFieldSize) + this.descriptorFieldSize;
        return this._m_recordSize;
      }
    });

    /**
     * Length of the name in bytes, without the terminating NUL.
     */

    /**
     * Size of the descriptor in bytes (VirtualBox writes it already rounded up to 8).
     */

    /**
     * Note type; NT_VBOXCORE for the core descriptor, NT_VBOXCPU for a vCPU's registers.
     */

    return NoteHeader;
  })();

  /**
   * The fixed 12-byte note header.
   */

  /**
   * Owner name, "VBCORE" or "VBCPU".
   */

  /**
   * The name's terminating NUL and zero padding up to a multiple of 8.
   */

  /**
   * The note's payload, raw; its layout depends on n_type.
   */

  /**
   * Zero padding of the descriptor up to a multiple of 8 (empty when n_descsz is aligned).
   */

  return VboxElfNote;
})();
VboxElfNote_.VboxElfNote = VboxElfNote;
});
