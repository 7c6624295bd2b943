// This is a generated file! Please edit source .ksy file and use kaitai-struct-compiler to rebuild

(function (root, factory) {
  if (typeof define === 'function' && define.amd) {
    define(['exports', 'kaitai-struct/KaitaiStream'], factory);
  } else if (typeof exports === 'object' && exports !== null && typeof exports.nodeType !== 'number') {
    factory(exports, require('kaitai-struct/KaitaiStream'));
  } else {
    factory(root.PeDebugDirectory || (root.PeDebugDirectory = {}), root.KaitaiStream);
  }
})(typeof self !== 'undefined' ? self : this, function (PeDebugDirectory_, KaitaiStream) {
/**
 * The debug directory a PE image's data directory 6 points at: entries of 28 bytes, one of
 * type 2 (CodeView) pointing at an RSDS record, which holds the GUID, age and file name of
 * the image's PDB. Symbol servers and Volatility 3 find a kernel's symbols by that name, GUID
 * and age. Parses standalone from the directory's bytes; `codeview_record` parses the record
 * from its own bytes.
 * @see {@link https://learn.microsoft.com/en-us/windows/win32/debug/pe-format#debug-directory-image-only|Source}
 */

var PeDebugDirectory = (function() {
  PeDebugDirectory.DebugType = Object.freeze({
    UNKNOWN: 0,
    COFF: 1,
    CODEVIEW: 2,
    MISC: 4,
    POGO: 13,
    REPRO: 16,
    EX_DLLCHARACTERISTICS: 20,

    0: "UNKNOWN",
    1: "COFF",
    2: "CODEVIEW",
    4: "MISC",
    13: "POGO",
    16: "REPRO",
    20: "EX_DLLCHARACTERISTICS",
  });

  function PeDebugDirectory(_io, _parent, _root, entryCount) {
    this._io = _io;
    this._parent = _parent;
    this._root = _root || this;
    this.entryCount = entryCount;
    this._debug = {};

  }
  PeDebugDirectory.prototype._read = function() {
    this._debug.entries = { start: this._io.pos, ioOffset: this._io.byteOffset };
    this._debug.entries.arr = [];
    this.entries = [];
    for (var i = 0; i < this.entryCount; i++) {
      this._debug.entries.arr[i] = { start: this._io.pos, ioOffset: this._io.byteOffset };
      var _t_entries = new Entry(this._io, this, this._root);
      try {
        _t_entries._read();
      } finally {
        this.entries.push(_t_entries);
      }
      this._debug.entries.arr[i].end = this._io.pos;
    }
    this._debug.entries.end = this._io.pos;
  }

  /**
   * The CodeView PDB 7.0 record ("RSDS"): the PDB's GUID, its age and its file name. The
   * symbol-server key is the GUID as 32 hex digits (its first three fields in little-endian
   * order) followed by the age in hex.
   */

  var CodeviewRecord = PeDebugDirectory.CodeviewRecord = (function() {
    function CodeviewRecord(_io, _parent, _root) {
      this._io = _io;
      this._parent = _parent;
      this._root = _root;
      this._debug = {};

    }
    CodeviewRecord.prototype._read = function() {
      this._debug.signature = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.signature = this._io.readBytes(4);
      this._debug.signature.end = this._io.pos;
      if (!((KaitaiStream.byteArrayCompare(this.signature, new Uint8Array([82, 83, 68, 83])) == 0))) {
        var _err = new KaitaiStream.ValidationNotEqualError(new Uint8Array([82, 83, 68, 83]), this.signature, this._io, "/types/codeview_record/seq/0");
        this._debug.signature.validationError = _err;
        throw _err;
      }
      this._debug.guidData1 = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.guidData1 = this._io.readU4le();
      this._debug.guidData1.end = this._io.pos;
      this._debug.guidData2 = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.guidData2 = this._io.readU2le();
      this._debug.guidData2.end = this._io.pos;
      this._debug.guidData3 = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.guidData3 = this._io.readU2le();
      this._debug.guidData3.end = this._io.pos;
      this._debug.guidData4 = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.guidData4 = this._io.readBytes(8);
      this._debug.guidData4.end = this._io.pos;
      this._debug.age = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.age = this._io.readU4le();
      this._debug.age.end = this._io.pos;
      this._debug.pdbFileName = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.pdbFileName = KaitaiStream.bytesToStr(KaitaiStream.bytesTerminate(this._io.readBytesFull(), 0, false), "UTF-8");
      this._debug.pdbFileName.end = this._io.pos;
    }

    /**
     * CodeView signature of a PDB 7.0 record.
     */

    /**
     * The GUID's first field (4 bytes, little-endian).
     */

    /**
     * The GUID's second field.
     */

    /**
     * The GUID's third field.
     */

    /**
     * The GUID's last eight bytes, in order.
     */

    /**
     * Incremented each time the PDB is written again for the same GUID.
     */

    /**
     * The PDB's path as the linker wrote it (ntkrnlmp.pdb for the multiprocessor kernel).
     */

    return CodeviewRecord;
  })();

  /**
   * One IMAGE_DEBUG_DIRECTORY (28 bytes).
   */

  var Entry = PeDebugDirectory.Entry = (function() {
    function Entry(_io, _parent, _root) {
      this._io = _io;
      this._parent = _parent;
      this._root = _root;
      this._debug = {};

    }
    Entry.prototype._read = function() {
      this._debug.characteristics = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.characteristics = this._io.readU4le();
      this._debug.characteristics.end = this._io.pos;
      this._debug.timeDateStamp = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.timeDateStamp = this._io.readU4le();
      this._debug.timeDateStamp.end = this._io.pos;
      this._debug.majorVersion = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.majorVersion = this._io.readU2le();
      this._debug.majorVersion.end = this._io.pos;
      this._debug.minorVersion = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.minorVersion = this._io.readU2le();
      this._debug.minorVersion.end = this._io.pos;
      this._debug.type = { start: this._io.pos, ioOffset: this._io.byteOffset, enumName: "PeDebugDirectory.DebugType" };
      this.type = this._io.readU4le();
      this._debug.type.end = this._io.pos;
      this._debug.sizeOfData = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.sizeOfData = this._io.readU4le();
      this._debug.sizeOfData.end = this._io.pos;
      this._debug.addressOfRawData = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.addressOfRawData = this._io.readU4le();
      this._debug.addressOfRawData.end = this._io.pos;
      this._debug.pointerToRawData = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.pointerToRawData = this._io.readU4le();
      this._debug.pointerToRawData.end = this._io.pos;
    }

    /**
     * Reserved, 0.
     */

    /**
     * When the debug data was made (or a hash, in reproducible builds).
     */

    /**
     * Major version of the debug data format.
     */

    /**
     * Minor version of the debug data format.
     */

    /**
     * What the entry points at (2, CodeView, for the PDB record).
     */

    /**
     * Bytes of the debug data.
     */

    /**
     * RVA of the debug data when it is loaded (0 when it is not).
     */

    /**
     * File offset of the debug data.
     */

    return Entry;
  })();

  /**
   * The IMAGE_DEBUG_DIRECTORY entries.
   */

  /**
   * Entries in the directory (the data directory's size / 28).
   */

  return PeDebugDirectory;
})();
PeDebugDirectory_.PeDebugDirectory = PeDebugDirectory;
});
