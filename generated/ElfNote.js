// This is a generated file! Please edit source .ksy file and use kaitai-struct-compiler to rebuild

(function (root, factory) {
  if (typeof define === 'function' && define.amd) {
    define(['exports', 'kaitai-struct/KaitaiStream'], factory);
  } else if (typeof exports === 'object' && exports !== null && typeof exports.nodeType !== 'number') {
    factory(exports, require('kaitai-struct/KaitaiStream'));
  } else {
    factory(root.ElfNote || (root.ElfNote = {}), root.KaitaiStream);
  }
})(typeof self !== 'undefined' ? self : this, function (ElfNote_, KaitaiStream) {
/**
 * One record of a PT_NOTE segment as the ELF specification lays it out, and as every core
 * writer but VirtualBox follows: `n_namesz` counts the name's terminating NUL, and the name and
 * the descriptor are each padded with zeros to a multiple of 4. (VirtualBox's records differ:
 * see vbox_elf_note.) The descriptor is kept as raw bytes and stepped over by `n_descsz`;
 * decode it by name and type, for example with elf_prstatus_x86 or qemu_cpu_state. Parses
 * standalone at any record start.
 * @see {@link https://refspecs.linuxfoundation.org/elf/gabi4+/ch5.pheader.html|(Note Section)}
 * @see {@link https://gitlab.com/qemu-project/qemu/-/blob/v7.2.0/dump/dump.c|(write_elf64_notes)}
 */

var ElfNote = (function() {
  function ElfNote(_io, _parent, _root) {
    this._io = _io;
    this._parent = _parent;
    this._root = _root || this;
    this._debug = {};

  }
  ElfNote.prototype._read = function() {
    this._debug.header = { start: this._io.pos, ioOffset: this._io.byteOffset };
    this.header = new NoteHeader(this._io, this, this._root);
    this.header._read();
    this._debug.header.end = this._io.pos;
    this._debug.name = { start: this._io.pos, ioOffset: this._io.byteOffset };
    this.name = KaitaiStream.bytesToStr(KaitaiStream.bytesTerminate(this._io.readBytes(this.header.nNamesz), 0, false), "ASCII");
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
   * against the bytes left in the segment before reading name and descriptor.
   */

  var NoteHeader = ElfNote.NoteHeader = (function() {
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
      this._debug.nType = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.nType = this._io.readU4le();
      this._debug.nType.end = this._io.pos;
    }

    /**
     * Bytes taken by the descriptor and its padding to a multiple of 4.
     */
    Object.defineProperty(NoteHeader.prototype, 'descriptorFieldSize', {
      get: function() {
        if (this._m_descriptorFieldSize !== undefined)
          return this._m_descriptorFieldSize;
        this._debug._m_descriptorFieldSize = {  };
        this._m_descriptorFieldSize = Math.floor((this.nDescsz + 3) / 4) * 4;
        return this._m_descriptorFieldSize;
      }
    });

    /**
     * Zeros after the descriptor up to a multiple of 4 (0 to 3).
     */
    Object.defineProperty(NoteHeader.prototype, 'descriptorPaddingSize', {
      get: function() {
        if (this._m_descriptorPaddingSize !== undefined)
          return this._m_descriptorPaddingSize;
        this._debug._m_descriptorPaddingSize = {  };
        this._m_descriptorPaddingSize = KaitaiStream.mod(4 - KaitaiStream.mod(this.nDescsz, 4), 4);
        return this._m_descriptorPaddingSize;
      }
    });

    /**
     * Bytes taken by the name and its padding to a multiple of 4.
     */
    Object.defineProperty(NoteHeader.prototype, 'nameFieldSize', {
      get: function() {
        if (this._m_nameFieldSize !== undefined)
          return this._m_nameFieldSize;
        this._debug._m_nameFieldSize = {  };
        this._m_nameFieldSize = Math.floor((this.nNamesz + 3) / 4) * 4;
        return this._m_nameFieldSize;
      }
    });

    /**
     * Zeros after the name (its NUL counted in n_namesz) up to a multiple of 4 (0 to 3).
     * Computed from n_namesz alone, so that statically typed targets (Go) do not subtract a
     * u4 from the integer name_field_size.
     */
    Object.defineProperty(NoteHeader.prototype, 'namePaddingSize', {
      get: function() {
        if (this._m_namePaddingSize !== undefined)
          return this._m_namePaddingSize;
        this._debug._m_namePaddingSize = {  };
        this._m_namePaddingSize = KaitaiStream.mod(4 - KaitaiStream.mod(this.nNamesz, 4), 4);
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
     * Length of the name in bytes, including the terminating NUL.
     */

    /**
     * Size of the descriptor in bytes, without padding.
     */

    /**
     * Note type, meaningful together with the name (NT_PRSTATUS is 1 under "CORE"; QEMU's own note has 0).
     */

    return NoteHeader;
  })();

  /**
   * The fixed 12-byte note header.
   */

  /**
   * Owner name, "CORE", "QEMU" or "VMCOREINFO" in QEMU cores; its NUL is counted by n_namesz.
   */

  /**
   * Zero padding of the name up to a multiple of 4.
   */

  /**
   * The note's payload, raw; its layout depends on the name and n_type.
   */

  /**
   * Zero padding of the descriptor up to a multiple of 4.
   */

  return ElfNote;
})();
ElfNote_.ElfNote = ElfNote;
});
