// This is a generated file! Please edit source .ksy file and use kaitai-struct-compiler to rebuild

(function (root, factory) {
  if (typeof define === 'function' && define.amd) {
    define(['exports', 'kaitai-struct/KaitaiStream'], factory);
  } else if (typeof exports === 'object' && exports !== null && typeof exports.nodeType !== 'number') {
    factory(exports, require('kaitai-struct/KaitaiStream'));
  } else {
    factory(root.Elf64SectionHeader || (root.Elf64SectionHeader = {}), root.KaitaiStream);
  }
})(typeof self !== 'undefined' ? self : this, function (Elf64SectionHeader_, KaitaiStream) {
/**
 * One 64-byte entry of the section header table. VirtualBox cores have none (e_shnum 0). QEMU
 * guest cores since 7.2 have a null section and a .shstrtab whose few bytes follow the last
 * PT_LOAD; when a guest has more than 65534 ranges, section 0's sh_info holds the real
 * program header count (PN_XNUM). A reader needs the sections' file extents to tell the
 * string table from bytes appended to a dump. Parses standalone from a 64-byte window.
 * @see {@link https://refspecs.linuxfoundation.org/elf/gabi4+/ch4.sheader.html|Source}
 * @see {@link https://gitlab.com/qemu-project/qemu/-/blob/v7.2.0/dump/dump.c|(prepare_elf_section_hdrs)}
 */

var Elf64SectionHeader = (function() {
  Elf64SectionHeader.SectionType = Object.freeze({
    NULL_SECTION: 0,
    STRTAB: 3,
    NOBITS: 8,

    0: "NULL_SECTION",
    3: "STRTAB",
    8: "NOBITS",
  });

  function Elf64SectionHeader(_io, _parent, _root) {
    this._io = _io;
    this._parent = _parent;
    this._root = _root || this;
    this._debug = {};

  }
  Elf64SectionHeader.prototype._read = function() {
    this._debug.shName = { start: this._io.pos, ioOffset: this._io.byteOffset };
    this.shName = this._io.readU4le();
    this._debug.shName.end = this._io.pos;
    this._debug.shType = { start: this._io.pos, ioOffset: this._io.byteOffset, enumName: "Elf64SectionHeader.SectionType" };
    this.shType = this._io.readU4le();
    this._debug.shType.end = this._io.pos;
    this._debug.shFlags = { start: this._io.pos, ioOffset: this._io.byteOffset };
    this.shFlags = this._io.readU8le();
    this._debug.shFlags.end = this._io.pos;
    this._debug.shAddr = { start: this._io.pos, ioOffset: this._io.byteOffset };
    this.shAddr = this._io.readU8le();
    this._debug.shAddr.end = this._io.pos;
    this._debug.shOffset = { start: this._io.pos, ioOffset: this._io.byteOffset };
    this.shOffset = this._io.readU8le();
    this._debug.shOffset.end = this._io.pos;
    this._debug.shSize = { start: this._io.pos, ioOffset: this._io.byteOffset };
    this.shSize = this._io.readU8le();
    this._debug.shSize.end = this._io.pos;
    this._debug.shLink = { start: this._io.pos, ioOffset: this._io.byteOffset };
    this.shLink = this._io.readU4le();
    this._debug.shLink.end = this._io.pos;
    this._debug.shInfo = { start: this._io.pos, ioOffset: this._io.byteOffset };
    this.shInfo = this._io.readU4le();
    this._debug.shInfo.end = this._io.pos;
    this._debug.shAddralign = { start: this._io.pos, ioOffset: this._io.byteOffset };
    this.shAddralign = this._io.readU8le();
    this._debug.shAddralign.end = this._io.pos;
    this._debug.shEntsize = { start: this._io.pos, ioOffset: this._io.byteOffset };
    this.shEntsize = this._io.readU8le();
    this._debug.shEntsize.end = this._io.pos;
  }

  /**
   * Offset of the section's name in the section name string table.
   */

  /**
   * Section type.
   */

  /**
   * Section attribute flags.
   */

  /**
   * Address of the section in memory, 0 in cores.
   */

  /**
   * File offset of the section's bytes.
   */

  /**
   * Size of the section in bytes (none in the file for SHT_NOBITS).
   */

  /**
   * Index of an associated section.
   */

  /**
   * Extra information; in section 0, the real e_phnum when e_phnum is PN_XNUM (0xffff).
   */

  /**
   * Alignment of the section.
   */

  /**
   * Size of one entry for sections of fixed-size entries.
   */

  return Elf64SectionHeader;
})();
Elf64SectionHeader_.Elf64SectionHeader = Elf64SectionHeader;
});
