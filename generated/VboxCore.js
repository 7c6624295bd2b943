// This is a generated file! Please edit source .ksy file and use kaitai-struct-compiler to rebuild

(function (root, factory) {
  if (typeof define === 'function' && define.amd) {
    define(['exports', 'kaitai-struct/KaitaiStream', './VboxElfNote', './VboxElf64ProgramHeader', './VboxElf64Header'], factory);
  } else if (typeof exports === 'object' && exports !== null && typeof exports.nodeType !== 'number') {
    factory(exports, require('kaitai-struct/KaitaiStream'), require('./VboxElfNote'), require('./VboxElf64ProgramHeader'), require('./VboxElf64Header'));
  } else {
    factory(root.VboxCore || (root.VboxCore = {}), root.KaitaiStream, root.VboxElfNote || (root.VboxElfNote = {}), root.VboxElf64ProgramHeader || (root.VboxElf64ProgramHeader = {}), root.VboxElf64Header || (root.VboxElf64Header = {}));
  }
})(typeof self !== 'undefined' ? self : this, function (VboxCore_, KaitaiStream, VboxElfNote_, VboxElf64ProgramHeader_, VboxElf64Header_) {
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
    this._debug.programHeaders = { start: this._io.pos, ioOffset: this._io.byteOffset };
    this._debug.programHeaders.arr = [];
    this.programHeaders = [];
    for (var i = 0; i < this.header.ePhnum; i++) {
      this._debug.programHeaders.arr[i] = { start: this._io.pos, ioOffset: this._io.byteOffset };
      var _t_programHeaders = new VboxElf64ProgramHeader_.VboxElf64ProgramHeader(this._io, null, null);
      try {
        _t_programHeaders._read();
      } finally {
        this.programHeaders.push(_t_programHeaders);
      }
      this._debug.programHeaders.arr[i].end = this._io.pos;
    }
    this._debug.programHeaders.end = this._io.pos;
    if (this.programHeaders[0].pType == VboxElf64ProgramHeader_.VboxElf64ProgramHeader.SegmentType.NOTE) {
      this._debug.noteSegment = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this._raw_noteSegment = this._io.readBytes(this.programHeaders[0].pFilesz);
      var _io__raw_noteSegment = new KaitaiStream(this._raw_noteSegment);
      this.noteSegment = new NoteRecords(_io__raw_noteSegment, this, this._root);
      this.noteSegment._read();
      this._debug.noteSegment.end = this._io.pos;
    }
  }

  /**
   * The records of the PT_NOTE segment, VBCORE first, then one VBCPU per vCPU.
   */

  var NoteRecords = VboxCore.NoteRecords = (function() {
    function NoteRecords(_io, _parent, _root) {
      this._io = _io;
      this._parent = _parent;
      this._root = _root;
      this._debug = {};

    }
    NoteRecords.prototype._read = function() {
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

    return NoteRecords;
  })();

  /**
   * Whether the program header table follows the ELF header, as this view reads it (a check
   * rather than a `valid:`, which some targets cannot generate for a user type).
   */
  Object.defineProperty(VboxCore.prototype, 'laidOutAsVirtualboxWrites', {
    get: function() {
      if (this._m_laidOutAsVirtualboxWrites !== undefined)
        return this._m_laidOutAsVirtualboxWrites;
      this._debug._m_laidOutAsVirtualboxWrites = {  };
      this._m_laidOutAsVirtualboxWrites =  ((this.header.ePhoff == 64) && (this.header.ePhentsize == 56)) ;
      return this._m_laidOutAsVirtualboxWrites;
    }
  });

  /**
   * The ELF64 header. DBGFCoreWrite puts the program header table right after it (e_phoff 64)
   * and the notes right after the table; this whole-file view reads them in that order
   * (positions taken from the header would be unsigned 64-bit values, which C# streams do not
   * seek to). `laid_out_as_virtualbox_writes` says whether that holds.
   */

  /**
   * The program header table, PT_NOTE first, then one PT_LOAD per guest-physical range.
   */

  /**
   * The notes, when the first program header is the PT_NOTE (as VirtualBox writes it, right after the table).
   */

  return VboxCore;
})();
VboxCore_.VboxCore = VboxCore;
});
