// This is a generated file! Please edit source .ksy file and use kaitai-struct-compiler to rebuild

(function (root, factory) {
  if (typeof define === 'function' && define.amd) {
    define(['exports', 'kaitai-struct/KaitaiStream'], factory);
  } else if (typeof exports === 'object' && exports !== null && typeof exports.nodeType !== 'number') {
    factory(exports, require('kaitai-struct/KaitaiStream'));
  } else {
    factory(root.PeImageHeaders || (root.PeImageHeaders = {}), root.KaitaiStream);
  }
})(typeof self !== 'undefined' ? self : this, function (PeImageHeaders_, KaitaiStream) {
/**
 * The headers at the start of a loaded PE image: the DOS header whose e_lfanew points at the
 * NT headers ("PE\0\0", the COFF file header, the optional header with its data directories)
 * and the section table. vboxcore reads them from the first page of a Windows kernel image
 * found through the vCPU's page tables, to name the kernel and its debug record. Only the
 * fields vboxcore reads are named; the rest is kept as bytes. Parses standalone from the
 * image's first 4 KiB (headers past that are not read).
 * @see {@link https://learn.microsoft.com/en-us/windows/win32/debug/pe-format|Source}
 */

var PeImageHeaders = (function() {
  PeImageHeaders.MachineType = Object.freeze({
    I386: 332,
    AMD64: 34404,
    ARM64: 43620,

    332: "I386",
    34404: "AMD64",
    43620: "ARM64",
  });

  PeImageHeaders.OptionalHeaderMagic = Object.freeze({
    PE32: 267,
    PE32_PLUS: 523,

    267: "PE32",
    523: "PE32_PLUS",
  });

  function PeImageHeaders(_io, _parent, _root) {
    this._io = _io;
    this._parent = _parent;
    this._root = _root || this;
    this._debug = {};

  }
  PeImageHeaders.prototype._read = function() {
    this._debug.dosMagic = { start: this._io.pos, ioOffset: this._io.byteOffset };
    this.dosMagic = this._io.readBytes(2);
    this._debug.dosMagic.end = this._io.pos;
    if (!((KaitaiStream.byteArrayCompare(this.dosMagic, new Uint8Array([77, 90])) == 0))) {
      var _err = new KaitaiStream.ValidationNotEqualError(new Uint8Array([77, 90]), this.dosMagic, this._io, "/seq/0");
      this._debug.dosMagic.validationError = _err;
      throw _err;
    }
    this._debug.dosHeaderRest = { start: this._io.pos, ioOffset: this._io.byteOffset };
    this.dosHeaderRest = this._io.readBytes(58);
    this._debug.dosHeaderRest.end = this._io.pos;
    this._debug.ntHeadersOffset = { start: this._io.pos, ioOffset: this._io.byteOffset };
    this.ntHeadersOffset = this._io.readU4le();
    this._debug.ntHeadersOffset.end = this._io.pos;
    if (!(this.ntHeadersOffset <= 3840)) {
      var _err = new KaitaiStream.ValidationGreaterThanError(3840, this.ntHeadersOffset, this._io, "/seq/2");
      this._debug.ntHeadersOffset.validationError = _err;
      throw _err;
    }
  }

  /**
   * One IMAGE_DATA_DIRECTORY entry.
   */

  var DataDirectory = PeImageHeaders.DataDirectory = (function() {
    function DataDirectory(_io, _parent, _root) {
      this._io = _io;
      this._parent = _parent;
      this._root = _root;
      this._debug = {};

    }
    DataDirectory.prototype._read = function() {
      this._debug.virtualAddress = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.virtualAddress = this._io.readU4le();
      this._debug.virtualAddress.end = this._io.pos;
      this._debug.size = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.size = this._io.readU4le();
      this._debug.size.end = this._io.pos;
    }

    /**
     * RVA of the table (0 when absent).
     */

    /**
     * Its size in bytes.
     */

    return DataDirectory;
  })();

  /**
   * IMAGE_NT_HEADERS64 (or 32), that is the signature, the COFF file header and the optional header.
   */

  var NtHeaders = PeImageHeaders.NtHeaders = (function() {
    function NtHeaders(_io, _parent, _root) {
      this._io = _io;
      this._parent = _parent;
      this._root = _root;
      this._debug = {};

    }
    NtHeaders.prototype._read = function() {
      this._debug.signature = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.signature = this._io.readBytes(4);
      this._debug.signature.end = this._io.pos;
      if (!((KaitaiStream.byteArrayCompare(this.signature, new Uint8Array([80, 69, 0, 0])) == 0))) {
        var _err = new KaitaiStream.ValidationNotEqualError(new Uint8Array([80, 69, 0, 0]), this.signature, this._io, "/types/nt_headers/seq/0");
        this._debug.signature.validationError = _err;
        throw _err;
      }
      this._debug.machine = { start: this._io.pos, ioOffset: this._io.byteOffset, enumName: "PeImageHeaders.MachineType" };
      this.machine = this._io.readU2le();
      this._debug.machine.end = this._io.pos;
      this._debug.numberOfSections = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.numberOfSections = this._io.readU2le();
      this._debug.numberOfSections.end = this._io.pos;
      this._debug.timeDateStamp = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.timeDateStamp = this._io.readU4le();
      this._debug.timeDateStamp.end = this._io.pos;
      this._debug.pointerToSymbolTable = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.pointerToSymbolTable = this._io.readU4le();
      this._debug.pointerToSymbolTable.end = this._io.pos;
      this._debug.numberOfSymbols = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.numberOfSymbols = this._io.readU4le();
      this._debug.numberOfSymbols.end = this._io.pos;
      this._debug.sizeOfOptionalHeader = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.sizeOfOptionalHeader = this._io.readU2le();
      this._debug.sizeOfOptionalHeader.end = this._io.pos;
      this._debug.characteristics = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.characteristics = this._io.readU2le();
      this._debug.characteristics.end = this._io.pos;
      this._debug.optionalHeader = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this._raw_optionalHeader = this._io.readBytes(this.sizeOfOptionalHeader);
      var _io__raw_optionalHeader = new KaitaiStream(this._raw_optionalHeader);
      this.optionalHeader = new OptionalHeader(_io__raw_optionalHeader, this, this._root);
      this.optionalHeader._read();
      this._debug.optionalHeader.end = this._io.pos;
      this._debug.sections = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this._debug.sections.arr = [];
      this.sections = [];
      for (var i = 0; i < this.numberOfSections; i++) {
        this._debug.sections.arr[i] = { start: this._io.pos, ioOffset: this._io.byteOffset };
        var _t_sections = new SectionHeader(this._io, this, this._root);
        try {
          _t_sections._read();
        } finally {
          this.sections.push(_t_sections);
        }
        this._debug.sections.arr[i].end = this._io.pos;
      }
      this._debug.sections.end = this._io.pos;
    }

    /**
     * The PE signature, "PE" and two zero bytes.
     */

    /**
     * The CPU the image is for (0x8664 for x86-64 kernels).
     */

    /**
     * Entries in the section table that follows the optional header.
     */

    /**
     * The link time as seconds since 1970, or (in reproducible builds, as Windows is built
     * today) a hash of the image's contents; with SizeOfImage it names the binary on a
     * symbol server.
     */

    /**
     * File offset of the COFF symbol table; 0 in images.
     */

    /**
     * COFF symbols; 0 in images.
     */

    /**
     * Bytes of the optional header, data directories included; the section table follows it.
     */

    /**
     * Image flags (executable, large-address aware, DLL, ...).
     */

    /**
     * The optional header, as long as the COFF header says.
     */

    /**
     * The section table.
     */

    return NtHeaders;
  })();

  /**
   * IMAGE_OPTIONAL_HEADER64 or 32, up to the data directories.
   */

  var OptionalHeader = PeImageHeaders.OptionalHeader = (function() {
    function OptionalHeader(_io, _parent, _root) {
      this._io = _io;
      this._parent = _parent;
      this._root = _root;
      this._debug = {};

    }
    OptionalHeader.prototype._read = function() {
      this._debug.magic = { start: this._io.pos, ioOffset: this._io.byteOffset, enumName: "PeImageHeaders.OptionalHeaderMagic" };
      this.magic = this._io.readU2le();
      this._debug.magic.end = this._io.pos;
      if (!( ((this.magic == PeImageHeaders.OptionalHeaderMagic.PE32) || (this.magic == PeImageHeaders.OptionalHeaderMagic.PE32_PLUS)) )) {
        var _err = new KaitaiStream.ValidationNotAnyOfError(this.magic, this._io, "/types/optional_header/seq/0");
        this._debug.magic.validationError = _err;
        throw _err;
      }
      this._debug.linkerVersion = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.linkerVersion = this._io.readBytes(2);
      this._debug.linkerVersion.end = this._io.pos;
      this._debug.codeAndDataSizes = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.codeAndDataSizes = this._io.readBytes(12);
      this._debug.codeAndDataSizes.end = this._io.pos;
      this._debug.addressOfEntryPoint = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.addressOfEntryPoint = this._io.readU4le();
      this._debug.addressOfEntryPoint.end = this._io.pos;
      this._debug.baseOfCode = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.baseOfCode = this._io.readU4le();
      this._debug.baseOfCode.end = this._io.pos;
      if (this.magic == PeImageHeaders.OptionalHeaderMagic.PE32) {
        this._debug.baseOfData = { start: this._io.pos, ioOffset: this._io.byteOffset };
        this.baseOfData = this._io.readU4le();
        this._debug.baseOfData.end = this._io.pos;
      }
      if (this.magic == PeImageHeaders.OptionalHeaderMagic.PE32_PLUS) {
        this._debug.imageBase64 = { start: this._io.pos, ioOffset: this._io.byteOffset };
        this.imageBase64 = this._io.readU8le();
        this._debug.imageBase64.end = this._io.pos;
      }
      if (this.magic == PeImageHeaders.OptionalHeaderMagic.PE32) {
        this._debug.imageBase32 = { start: this._io.pos, ioOffset: this._io.byteOffset };
        this.imageBase32 = this._io.readU4le();
        this._debug.imageBase32.end = this._io.pos;
      }
      this._debug.sectionAlignment = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.sectionAlignment = this._io.readU4le();
      this._debug.sectionAlignment.end = this._io.pos;
      this._debug.fileAlignment = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.fileAlignment = this._io.readU4le();
      this._debug.fileAlignment.end = this._io.pos;
      this._debug.versions = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.versions = this._io.readBytes(12);
      this._debug.versions.end = this._io.pos;
      this._debug.win32VersionValue = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.win32VersionValue = this._io.readU4le();
      this._debug.win32VersionValue.end = this._io.pos;
      this._debug.sizeOfImage = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.sizeOfImage = this._io.readU4le();
      this._debug.sizeOfImage.end = this._io.pos;
      this._debug.sizeOfHeaders = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.sizeOfHeaders = this._io.readU4le();
      this._debug.sizeOfHeaders.end = this._io.pos;
      this._debug.checkSum = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.checkSum = this._io.readU4le();
      this._debug.checkSum.end = this._io.pos;
      this._debug.subsystem = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.subsystem = this._io.readU2le();
      this._debug.subsystem.end = this._io.pos;
      this._debug.dllCharacteristics = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.dllCharacteristics = this._io.readU2le();
      this._debug.dllCharacteristics.end = this._io.pos;
      if (this.magic == PeImageHeaders.OptionalHeaderMagic.PE32_PLUS) {
        this._debug.stackAndHeapSizes64 = { start: this._io.pos, ioOffset: this._io.byteOffset };
        this.stackAndHeapSizes64 = this._io.readBytes(32);
        this._debug.stackAndHeapSizes64.end = this._io.pos;
      }
      if (this.magic == PeImageHeaders.OptionalHeaderMagic.PE32) {
        this._debug.stackAndHeapSizes32 = { start: this._io.pos, ioOffset: this._io.byteOffset };
        this.stackAndHeapSizes32 = this._io.readBytes(16);
        this._debug.stackAndHeapSizes32.end = this._io.pos;
      }
      this._debug.loaderFlags = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.loaderFlags = this._io.readU4le();
      this._debug.loaderFlags.end = this._io.pos;
      this._debug.numberOfRvaAndSizes = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.numberOfRvaAndSizes = this._io.readU4le();
      this._debug.numberOfRvaAndSizes.end = this._io.pos;
      this._debug.dataDirectories = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this._debug.dataDirectories.arr = [];
      this.dataDirectories = [];
      for (var i = 0; i < (this.numberOfRvaAndSizes < 16 ? this.numberOfRvaAndSizes : 16); i++) {
        this._debug.dataDirectories.arr[i] = { start: this._io.pos, ioOffset: this._io.byteOffset };
        var _t_dataDirectories = new DataDirectory(this._io, this, this._root);
        try {
          _t_dataDirectories._read();
        } finally {
          this.dataDirectories.push(_t_dataDirectories);
        }
        this._debug.dataDirectories.arr[i].end = this._io.pos;
      }
      this._debug.dataDirectories.end = this._io.pos;
    }

    /**
     * 0x20b for PE32+ (64-bit images), 0x10b for PE32.
     */

    /**
     * Major and minor linker version.
     */

    /**
     * SizeOfCode, SizeOfInitializedData, SizeOfUninitializedData.
     */

    /**
     * RVA of the image's entry point (KiSystemStartup for the kernel).
     */

    /**
     * RVA of the start of the code section.
     */

    /**
     * RVA of the data section (PE32 only).
     */

    /**
     * The preferred load address (PE32+); a kernel is relocated away from it by KASLR.
     */

    /**
     * The preferred load address (PE32).
     */

    /**
     * Alignment of sections in memory.
     */

    /**
     * Alignment of sections in the file.
     */

    /**
     * Operating system, image and subsystem versions (major and minor, 2 bytes each).
     */

    /**
     * Reserved, 0.
     */

    /**
     * Bytes the image takes in memory, headers included; with TimeDateStamp it names the binary.
     */

    /**
     * Bytes of the headers (DOS stub, NT headers, section table), rounded to FileAlignment.
     */

    /**
     * Image checksum (checked for drivers and the kernel at boot).
     */

    /**
     * Subsystem (1, native, for the kernel).
     */

    /**
     * DLL flags (dynamic base, NX compatible, ...).
     */

    /**
     * SizeOfStackReserve, SizeOfStackCommit, SizeOfHeapReserve, SizeOfHeapCommit (8 bytes each in PE32+).
     */

    /**
     * The same four sizes, 4 bytes each in PE32.
     */

    /**
     * Reserved, 0.
     */

    /**
     * Entries in the data directory array that follows (16 in every image linked today).
     */

    /**
     * Where the export, import, ..., debug (index 6) tables are, as RVA and size.
     */

    return OptionalHeader;
  })();

  /**
   * One IMAGE_SECTION_HEADER (40 bytes).
   */

  var SectionHeader = PeImageHeaders.SectionHeader = (function() {
    function SectionHeader(_io, _parent, _root) {
      this._io = _io;
      this._parent = _parent;
      this._root = _root;
      this._debug = {};

    }
    SectionHeader.prototype._read = function() {
      this._debug.name = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.name = KaitaiStream.bytesToStr(KaitaiStream.bytesTerminate(this._io.readBytes(8), 0, false), "ASCII");
      this._debug.name.end = this._io.pos;
      this._debug.virtualSize = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.virtualSize = this._io.readU4le();
      this._debug.virtualSize.end = this._io.pos;
      this._debug.virtualAddress = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.virtualAddress = this._io.readU4le();
      this._debug.virtualAddress.end = this._io.pos;
      this._debug.sizeOfRawData = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.sizeOfRawData = this._io.readU4le();
      this._debug.sizeOfRawData.end = this._io.pos;
      this._debug.pointerToRawData = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.pointerToRawData = this._io.readU4le();
      this._debug.pointerToRawData.end = this._io.pos;
      this._debug.relocationsAndLineNumbers = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.relocationsAndLineNumbers = this._io.readBytes(12);
      this._debug.relocationsAndLineNumbers.end = this._io.pos;
      this._debug.characteristics = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this.characteristics = this._io.readU4le();
      this._debug.characteristics.end = this._io.pos;
    }

    /**
     * Section name (.text, PAGE, KVASCODE, INIT, ...), NUL-padded.
     */

    /**
     * Bytes of the section in memory.
     */

    /**
     * RVA of the section.
     */

    /**
     * Bytes of the section in the file.
     */

    /**
     * File offset of the section's bytes.
     */

    /**
     * PointerToRelocations, PointerToLinenumbers, NumberOfRelocations, NumberOfLinenumbers (0 in images).
     */

    /**
     * Section flags (code, readable, writable, discardable, ...).
     */

    return SectionHeader;
  })();

  /**
   * The NT headers e_lfanew points at.
   */
  Object.defineProperty(PeImageHeaders.prototype, 'nt', {
    get: function() {
      if (this._m_nt !== undefined)
        return this._m_nt;
      var _pos = this._io.pos;
      this._io.seek(this.ntHeadersOffset);
      this._debug._m_nt = { start: this._io.pos, ioOffset: this._io.byteOffset };
      this._m_nt = new NtHeaders(this._io, this, this._root);
      this._m_nt._read();
      this._debug._m_nt.end = this._io.pos;
      this._io.seek(_pos);
      return this._m_nt;
    }
  });

  /**
   * The DOS header's signature, "MZ".
   */

  /**
   * The rest of the DOS header, up to e_lfanew; not used by images today.
   */

  /**
   * File (and image) offset of the NT headers. Linkers put them in the first few hundred bytes;
   * vboxcore reads the first page only, so an offset past 0xf00 is refused.
   */

  return PeImageHeaders;
})();
PeImageHeaders_.PeImageHeaders = PeImageHeaders;
});
