// This is a generated file! Please edit source .ksy file and use kaitai-struct-compiler to rebuild

(function (root, factory) {
  if (typeof define === 'function' && define.amd) {
    define(['exports', 'kaitai-struct/KaitaiStream'], factory);
  } else if (typeof exports === 'object' && exports !== null && typeof exports.nodeType !== 'number') {
    factory(exports, require('kaitai-struct/KaitaiStream'));
  } else {
    factory(root.VboxElf64Header || (root.VboxElf64Header = {}), root.KaitaiStream);
  }
})(typeof self !== 'undefined' ? self : this, function (VboxElf64Header_, KaitaiStream) {
/**
 * The 64-byte ELF header at offset 0 of a core written by `VBoxManage debugvm dumpvmcore`.
 * Parses standalone from the first 64 bytes of the file. Only the identification magic is
 * enforced here; class, byte order, type and sizes are checked by the library so that each
 * problem gets its own error code. VirtualBox leaves `e_ident[EI_VERSION]` at 0, which a
 * textbook parser rejects: this schema accepts it.
 * @see {@link https://www.virtualbox.org/browser/vbox/trunk/src/VBox/VMM/VMMR3/DBGFCoreWrite.cpp|(Elf64WriteElfHdr)}
 * @see {@link https://refspecs.linuxfoundation.org/elf/gabi4+/ch4.eheader.html|Source}
 */

var VboxElf64Header = (function() {
  VboxElf64Header.DataEncoding = Object.freeze({
    LITTLE_ENDIAN: 1,
    BIG_ENDIAN: 2,

    1: "LITTLE_ENDIAN",
    2: "BIG_ENDIAN",
  });

  VboxElf64Header.FileClass = Object.freeze({
    ELF32: 1,
    ELF64: 2,

    1: "ELF32",
    2: "ELF64",
  });

  VboxElf64Header.Machine = Object.freeze({
    X86: 3,
    X86_64: 62,

    3: "X86",
    62: "X86_64",
  });

  VboxElf64Header.ObjectType = Object.freeze({
    NONE: 0,
    RELOCATABLE: 1,
    EXECUTABLE: 2,
    SHARED: 3,
    CORE: 4,

    0: "NONE",
    1: "RELOCATABLE",
    2: "EXECUTABLE",
    3: "SHARED",
    4: "CORE",
  });

  function VboxElf64Header(_io, _parent, _root) {
    this._io = _io;
    this._parent = _parent;
    this._root = _root || this;
    this._debug = {};

  }
  VboxElf64Header.prototype._read = function() {
    this._debug.ident = { start: this._io.pos, ioOffset: this._io.byteOffset };
    this.ident = new Identification(this._io, this, this._root);
    this.ident._read();
    this._debug.ident.end = this._io.pos;
    this._debug.eType = { start: this._io.pos, ioOffset: this._io.byteOffset, enumName: "VboxElf64Header.ObjectType" };
    this.eType = this._io.readU2le();
    this._debug.eType.end = this._io.pos;
    this._debug.eMachine = { start: this._io.pos, ioOffset: this._io.byteOffset, enumName: "VboxElf64Header.Machine" };
    this.eMachine = this._io.readU2le();
    this._debug.eMachine.end = this._io.pos;
    this._debug.eVersion = { start: this._io.pos, ioOffset: this._io.byteOffset };
    this.eVersion = this._io.readU4le();
    this._debug.eVersion.end = this._io.pos;
    this._debug.eEntry = { start: this._io.pos, ioOffset: this._io.byteOffset };
    this.eEntry = this._io.readU8le();
    this._debug.eEntry.end = this._io.pos;
    this._debug.ePhoff = { start: this._io.pos, ioOffset: this._io.byteOffset };
    this.ePhoff = this._io.readU8le();
    this._debug.ePhoff.end = this._io.pos;
    this._debug.eShoff = { start: this._io.pos, ioOffset: this._io.byteOffset };
    this.eShoff = this._io.readU8le();
    this._debug.eShoff.end = this._io.pos;
    this._debug.eFlags = { start: this._io.pos, ioOffset: this._io.byteOffset };
    this.eFlags = this._io.readU4le();
    this._debug.eFlags.end = this._io.pos;
    this._debug.eEhsize = { start: this._io.pos, ioOffset: this._io.byteOffset };
    this.eEhsize = this._io.readU2le();
    this._debug.eEhsize.end = this._io.pos;
    this._debug.ePhentsize = { start: this._io.pos, ioOffset: this._io.byteOffset };
    this.ePhentsize = this._io.readU2le();
    this._debug.ePhentsize.end = this._io.pos;
    this._debug.ePhnum = { start: this._io.pos, ioOffset: this._io.byteOffset };
    this.ePhnum = this._io.readU2le();
    this._debug.ePhnum.end = this._io.pos;
    this._debug.eShentsize = { start: this._io.pos, ioOffset: this._io.byteOffset };
    this.eShentsize = this._io.readU2le();
    this._debug.eShentsize.end = this._io.pos;
    this._debug.eShnum = { start: this._io.pos, ioOffset: this._io.byteOffset };
    this.eShnum = this._io.readU2le();
    this._debug.eShnum.end = this._io.pos;
    this._debug.eShstrndx = { start: this._io.pos, ioOffset: this._io.byteOffset };
    this.eShstrndx = this._io.readU2le();
    this._debug.eShstrndx.end = this._io.pos;
  }

  /**
   * The 16 identification bytes. Parses standalone, so that the class and byte order can be
   * checked before the rest of the header is read in a layout that may not apply.
   */

  var Identification = VboxElf64Header.Identification = (function() {
    function Identification(_io, _parent, _root) {
      this._io = _io;
      this._parent = _parent;
      this._root = _root;
      this._debug = {};

    }
    Identification.prototype._read = function() {
      this._debug.magic = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.magic = this._io.readBytes(4);
      this._debug.magic.end = this._io.pos;
      if (!((KaitaiStream.byteArrayCompare(this.magic, new Uint8Array([127, 69, 76, 70])) == 0))) {
        var _err = new KaitaiStream.ValidationNotEqualError(new Uint8Array([127, 69, 76, 70]), this.magic, this._io, "/types/identification/seq/0");
        this._debug.magic.validationError = _err;
        throw _err;
      }
      this._debug.fileClass = { start: this._io.pos, ioOffset: this._io.byteOffset, enumName: "VboxElf64Header.FileClass" };
      this.fileClass = this._io.readU1();
      this._debug.fileClass.end = this._io.pos;
      this._debug.dataEncoding = { start: this._io.pos, ioOffset: this._io.byteOffset, enumName: "VboxElf64Header.DataEncoding" };
      this.dataEncoding = this._io.readU1();
      this._debug.dataEncoding.end = this._io.pos;
      this._debug.headerVersion = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.headerVersion = this._io.readU1();
      this._debug.headerVersion.end = this._io.pos;
      this._debug.osAbi = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.osAbi = this._io.readU1();
      this._debug.osAbi.end = this._io.pos;
      this._debug.abiVersion = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.abiVersion = this._io.readU1();
      this._debug.abiVersion.end = this._io.pos;
      this._debug.padding = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.padding = this._io.readBytes(7);
      this._debug.padding.end = this._io.pos;
    }

    /**
     * ELF magic number, 7f 45 4c 46.
     */

    /**
     * Word size of the file; a VirtualBox core is ELFCLASS64.
     */

    /**
     * Byte order; a VirtualBox core is ELFDATA2LSB (little-endian).
     */

    /**
     * ELF header version. VirtualBox never sets it and writes 0; standard files have 1. Both are accepted.
     */

    /**
     * OS ABI; 0 (System V).
     */

    /**
     * ABI version; 0.
     */

    /**
     * Unused padding of e_ident, zero.
     */

    return Identification;
  })();

  /**
   * e_ident, the 16 identification bytes.
   */

  /**
   * Object file type; VirtualBox writes ET_CORE.
   */

  /**
   * Host architecture of the VirtualBox build that wrote the core (EM_X86_64, or EM_386 from 32-bit hosts).
   */

  /**
   * Object file version; VirtualBox writes EV_CURRENT (1).
   */

  /**
   * Entry point; 0 in a core.
   */

  /**
   * File offset of the program header table; VirtualBox writes 64 (right after this header).
   */

  /**
   * File offset of the section header table; 0, VirtualBox writes no sections.
   */

  /**
   * Processor-specific flags; 0.
   */

  /**
   * Size of this header, 64.
   */

  /**
   * Size of one program header; must be 56 for the table to be read as ELF64 program headers.
   */

  /**
   * Number of program headers, 1 PT_NOTE plus one PT_LOAD per guest-physical range (ranges capped at 65533).
   */

  /**
   * Size of one section header; VirtualBox writes 64 although there are none.
   */

  /**
   * Number of section headers; 0.
   */

  /**
   * Section name string table index; 0.
   */

  return VboxElf64Header;
})();
VboxElf64Header_.VboxElf64Header = VboxElf64Header;
});
