// This is a generated file! Please edit source .ksy file and use kaitai-struct-compiler to rebuild

(function (root, factory) {
  if (typeof define === 'function' && define.amd) {
    define(['exports', 'kaitai-struct/KaitaiStream'], factory);
  } else if (typeof exports === 'object' && exports !== null && typeof exports.nodeType !== 'number') {
    factory(exports, require('kaitai-struct/KaitaiStream'));
  } else {
    factory(root.VboxElf64ProgramHeader || (root.VboxElf64ProgramHeader = {}), root.KaitaiStream);
  }
})(typeof self !== 'undefined' ? self : this, function (VboxElf64ProgramHeader_, KaitaiStream) {
/**
 * One 56-byte entry of the program header table. VirtualBox writes one PT_NOTE first, then
 * one PT_LOAD per guest-physical range in address order. For a PT_LOAD, `p_paddr` is the guest
 * physical address, `p_offset` the place of its bytes in the file and `p_memsz` its size.
 * MMIO ranges have `p_filesz` = 0 (no bytes in the file) and share the next range's offset.
 * `p_vaddr` and `p_align` are 0, which general ELF tools may question; both are accepted.
 * Parses standalone from a 56-byte window, so the table of a huge file is read entry by entry.
 * @see {@link https://www.virtualbox.org/browser/vbox/trunk/src/VBox/VMM/VMMR3/DBGFCoreWrite.cpp|(Elf64WriteProgHdr)}
 * @see {@link https://refspecs.linuxfoundation.org/elf/gabi4+/ch5.pheader.html|Source}
 */

var VboxElf64ProgramHeader = (function() {
  VboxElf64ProgramHeader.SegmentType = Object.freeze({
    NULL_SEGMENT: 0,
    LOAD: 1,
    DYNAMIC: 2,
    INTERP: 3,
    NOTE: 4,
    PHDR: 6,

    0: "NULL_SEGMENT",
    1: "LOAD",
    2: "DYNAMIC",
    3: "INTERP",
    4: "NOTE",
    6: "PHDR",
  });

  function VboxElf64ProgramHeader(_io, _parent, _root) {
    this._io = _io;
    this._parent = _parent;
    this._root = _root || this;
    this._debug = {};

  }
  VboxElf64ProgramHeader.prototype._read = function() {
    this._debug.pType = { start: this._io.pos, ioOffset: this._io.byteOffset, enumName: "VboxElf64ProgramHeader.SegmentType" };
    this.pType = this._io.readU4le();
    this._debug.pType.end = this._io.pos;
    this._debug.pFlags = { start: this._io.pos, ioOffset: this._io.byteOffset };
    this.pFlags = this._io.readU4le();
    this._debug.pFlags.end = this._io.pos;
    this._debug.pOffset = { start: this._io.pos, ioOffset: this._io.byteOffset };
    this.pOffset = this._io.readU8le();
    this._debug.pOffset.end = this._io.pos;
    this._debug.pVaddr = { start: this._io.pos, ioOffset: this._io.byteOffset };
    this.pVaddr = this._io.readU8le();
    this._debug.pVaddr.end = this._io.pos;
    this._debug.pPaddr = { start: this._io.pos, ioOffset: this._io.byteOffset };
    this.pPaddr = this._io.readU8le();
    this._debug.pPaddr.end = this._io.pos;
    this._debug.pFilesz = { start: this._io.pos, ioOffset: this._io.byteOffset };
    this.pFilesz = this._io.readU8le();
    this._debug.pFilesz.end = this._io.pos;
    this._debug.pMemsz = { start: this._io.pos, ioOffset: this._io.byteOffset };
    this.pMemsz = this._io.readU8le();
    this._debug.pMemsz.end = this._io.pos;
    this._debug.pAlign = { start: this._io.pos, ioOffset: this._io.byteOffset };
    this.pAlign = this._io.readU8le();
    this._debug.pAlign.end = this._io.pos;
  }

  /**
   * Segment type; PT_NOTE for the note segment, PT_LOAD for a guest-physical range.
   */

  /**
   * Segment permissions; VirtualBox writes PF_R (4).
   */

  /**
   * File offset of the segment's bytes.
   */

  /**
   * Virtual address; VirtualBox writes 0.
   */

  /**
   * Guest-physical start address of the range (0 for the PT_NOTE).
   */

  /**
   * Bytes of the segment present in the file; equals p_memsz, or 0 for an MMIO range.
   */

  /**
   * Size of the guest-physical range in bytes.
   */

  /**
   * Alignment; VirtualBox writes 0.
   */

  return VboxElf64ProgramHeader;
})();
VboxElf64ProgramHeader_.VboxElf64ProgramHeader = VboxElf64ProgramHeader;
});
