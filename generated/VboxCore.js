// This is a generated file! Please edit source .ksy file and use kaitai-struct-compiler to rebuild

(function (root, factory) {
  if (typeof define === 'function' && define.amd) {
    define(['exports', 'kaitai-struct/KaitaiStream', './VboxElf64ProgramHeader', './VboxElfNote', './VboxElf64Header'], factory);
  } else if (typeof exports === 'object' && exports !== null && typeof exports.nodeType !== 'number') {
    factory(exports, require('kaitai-struct/KaitaiStream'), require('./VboxElf64ProgramHeader'), require('./VboxElfNote'), require('./VboxElf64Header'));
  } else {
    factory(root.VboxCore || (root.VboxCore = {}), root.KaitaiStream, root.VboxElf64ProgramHeader || (root.VboxElf64ProgramHeader = {}), root.VboxElfNote || (root.VboxElfNote = {}), root.VboxElf64Header || (root.VboxElf64Header = {}));
  }
})(typeof self !== 'undefined' ? self : this, function (VboxCore_, KaitaiStream, VboxElf64ProgramHeader_, VboxElfNote_, VboxElf64Header_) {
/**
 * A whole VirtualBox guest core: ELF64 header, program header table, and the notes of the
 * PT_NOTE segment. Meant for small dumps in the Kaitai Web IDE and for other languages; the
 * vboxcore library parses the pieces standalone from small windows and never maps a whole
 * file. Memory contents are not parsed: each PT_LOAD's bytes are at its p_offset.
 * @see {@link https://www.virtualbox.org/browser/vbox/trunk/src/VBox/VMM/VMMR3/DBGFCoreWrite.cpp|Source}
 */

var VboxCore = (function() {
  function VboxCore(_io, _parent, _root) {
    this._io = _io;
    this._parent = _parent;
    this._root = _root || this;
    this._debug = {};

  }
  VboxCore.prototype._read = function() {
    this._debug.header = { start: this._io.pos, ioOffset: this._io.byteOffset };
    this.header = new VboxElf64Header_.VboxElf64Header(this._io, null, null);
    this.header._read();
    this._debug.header.end = this._io.pos;
  }

  /**
   * The records of the PT_NOTE segment, VBCORE first, then one VBCPU per vCPU.
   */

  var NoteSegment = VboxCore.NoteSegment = (function() {
    function NoteSegment(_io, _parent, _root) {
      this._io = _io;
      this._parent = _parent;
      this._root = _root;
      this._debug = {};

    }
    NoteSegment.prototype._read = function() {
      this._debug.notes = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this._debug.notes.arr = [];
      this.notes = [];
      var i = 0;
      while (!this._io.isEof()) {
        this._debug.notes.arr[this.notes.length] = { start: this._io.pos, ioOffset: this._io.byteOffset };
        var _t_notes = new VboxElfNote_.VboxElfNote(this._io, null, null);
        try {
          _t_notes._read();
        } finally {
          this.notes.push(_t_notes);
        }
        this._debug.notes.arr[this.notes.length - 1].end = this._io.pos;
        i++;
      }
      this._debug.notes.end = this._io.pos;
    }

    /**
     * Note records, back to back.
     */

    return NoteSegment;
  })();

  /**
   * The notes, when the first program header is the PT_NOTE (as VirtualBox writes it).
   */
  Object.defineProperty(VboxCore.prototype, 'noteSegment', {
    get: function() {
      if (this._m_noteSegment !== undefined)
        return this._m_noteSegment;
      if (this.programHeaders[0].pType == VboxElf64ProgramHeader_.VboxElf64ProgramHeader.SegmentType.NOTE) {
        var _pos = this._io.pos;
        this._io.seek(this.programHeaders[0].pOffset);
        this._debug._m_noteSegment = { start: this._io.pos, ioOffset: this._io.byteOffset };
        this._raw__m_noteSegment = this._io.readBytes(this.programHeaders[0].pFilesz);
        var _io__raw__m_noteSegment = new KaitaiStream(this._raw__m_noteSegment);
        this._m_noteSegment = new NoteSegment(_io__raw__m_noteSegment, this, this._root);
        this._m_noteSegment._read();
        this._debug._m_noteSegment.end = this._io.pos;
        this._io.seek(_pos);
      }
      return this._m_noteSegment;
    }
  });

  /**
   * The program header table, PT_NOTE first, then one PT_LOAD per guest-physical range.
   */
  Object.defineProperty(VboxCore.prototype, 'programHeaders', {
    get: function() {
      if (this._m_programHeaders !== undefined)
        return this._m_programHeaders;
      var _pos = this._io.pos;
      this._io.seek(this.header.ePhoff);
      this._debug._m_programHeaders = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this._debug._m_programHeaders.arr = [];
      this._m_programHeaders = [];
      for (var i = 0; i < this.header.ePhnum; i++) {
        this._debug._m_programHeaders.arr[i] = { start: this._io.pos, ioOffset: this._io.byteOffset };
        var _t__m_programHeaders = new VboxElf64ProgramHeader_.VboxElf64ProgramHeader(this._io, null, null);
        try {
          _t__m_programHeaders._read();
        } finally {
          this._m_programHeaders.push(_t__m_programHeaders);
        }
        this._debug._m_programHeaders.arr[i].end = this._io.pos;
      }
      this._debug._m_programHeaders.end = this._io.pos;
      this._io.seek(_pos);
      return this._m_programHeaders;
    }
  });

  /**
   * The ELF64 header.
   */

  return VboxCore;
})();
VboxCore_.VboxCore = VboxCore;
});
