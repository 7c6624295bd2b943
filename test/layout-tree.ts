/**
 * A small synthetic VirtualBox source tree for the layout tool's tests: the folders and names a
 * release has (include/VBox/vmm/dbgfcorefmt.h, include/iprt/x86.h, cdefs.h, types.h,
 * Version.kmk), written here from the format facts, with VirtualBox 7.0's members at their
 * offsets. Options change it the way a new release might.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface SyntheticTreeOptions {
  major?: number;
  minor?: number;
  build?: number;
  /** VBOX_VERSION_PRERELEASE (BETA2, RC1), as Version.kmk has it from 6.0 on. */
  prerelease?: string;
  formatVersion?: number;
  /** C declarations inserted after msrTscAux (a new MSR, as a release might add). */
  afterTscAux?: string;
  /** Swap msrSTAR and msrPAT (a reordering that keeps the size). */
  swapStarAndPat?: boolean;
  /** Omit the 128-bit integer capability line from cdefs.h (as releases before 7.0 do). */
  noCapabilityLine?: boolean;
}

const CDEFS = (options: SyntheticTreeOptions) => `#ifndef SYNTHETIC_IPRT_CDEFS_H
#define SYNTHETIC_IPRT_CDEFS_H
/* The compiler capabilities the types depend on, decided here as IPRT's own cdefs.h does. */
${options.noCapabilityLine ? '' : '#if defined(__SIZEOF_INT128__) || (defined(__GNUC__) && defined(RT_ARCH_AMD64))\n# define RT_COMPILER_WITH_128BIT_INT_TYPES\n#endif'}
#endif
`;

const TYPES = `#ifndef SYNTHETIC_IPRT_TYPES_H
#define SYNTHETIC_IPRT_TYPES_H
#include <iprt/cdefs.h>
#include <stdint.h>
#ifdef RT_COMPILER_WITH_128BIT_INT_TYPES
typedef unsigned __int128 synthetic_u128;
#else
typedef struct synthetic_u128 { uint64_t Lo, Hi; } synthetic_u128;
#endif
/* A 128-bit value: 16-byte aligned only where the compiler has a native 128-bit integer. */
typedef union RTUINT128U { synthetic_u128 u; uint64_t au64[2]; uint8_t au8[16]; } RTUINT128U;
#endif
`;

const X86 = `#ifndef SYNTHETIC_IPRT_X86_H
#define SYNTHETIC_IPRT_X86_H
#include <iprt/types.h>
typedef struct X86FXSTATE {
    uint16_t FCW; uint16_t FSW; uint16_t FTW; uint16_t FOP;
    uint32_t FPUIP; uint16_t CS; uint16_t Rsrvd1;
    uint32_t FPUDP; uint16_t DS; uint16_t Rsrvd2;
    uint32_t MXCSR; uint32_t MXCSR_MASK;
    union { uint8_t au8[16]; uint64_t au64[2]; } aRegs[8];
    RTUINT128U aXMM[16];
    uint32_t au32RsrvdRest[12];
    uint32_t au32RsrvdForSoftware[12];
} X86FXSTATE;
typedef struct X86XSAVEHDR { uint64_t bmXState; uint64_t bmXComp; uint64_t au64Reserved[6]; } X86XSAVEHDR;
typedef struct X86XSAVEAREA {
    X86FXSTATE x87;
    X86XSAVEHDR Hdr;
    union {
        uint8_t ab[0x2000 - 0x240];
        struct {
            struct { RTUINT128U aYmmHi[16]; } YmmHi;
            uint8_t abBetween[0x100];
            struct { uint64_t aKRegs[8]; } Opmask;
            struct { uint64_t aHi256Regs[64]; } ZmmHi256;
            struct { uint64_t aRegs[128]; } Zmm16Hi;
        } Intel;
    } u;
} X86XSAVEAREA;
#endif
`;

const CORE_FORMAT = (options: SyntheticTreeOptions) => {
  const msrs = options.swapStarAndPat ? ['msrEFER', 'msrPAT', 'msrSTAR'] : ['msrEFER', 'msrSTAR', 'msrPAT'];
  return `#ifndef SYNTHETIC_VBOX_DBGFCOREFMT_H
#define SYNTHETIC_VBOX_DBGFCOREFMT_H
#include <iprt/types.h>
#include <iprt/x86.h>
#define DBGFCORE_MAGIC          UINT32_C(0xc01ac0de)
#define DBGFCORE_FMT_VERSION    UINT32_C(0x${(options.formatVersion ?? 0x10006).toString(16).padStart(8, '0')})
typedef struct DBGFCORESEL { uint64_t uBase; uint32_t uLimit; uint32_t uAttr; uint16_t uSel; uint16_t uReserved0; uint32_t uReserved1; } DBGFCORESEL;
typedef struct DBGFCOREXDTR { uint64_t uAddr; uint32_t cb; uint32_t uReserved0; } DBGFCOREXDTR;
typedef struct DBGFCORECPU {
    uint64_t rax, rbx, rcx, rdx, rsi, rdi, r8, r9, r10, r11, r12, r13, r14, r15;
    uint64_t rip, rsp, rbp, rflags;
    DBGFCORESEL cs, ds, es, fs, gs, ss;
    uint64_t cr0, cr2, cr3, cr4;
    uint64_t dr[8];
    DBGFCOREXDTR gdtr, idtr;
    DBGFCORESEL ldtr, tr;
    struct { uint64_t cs; uint64_t eip; uint64_t esp; } sysenter;
    uint64_t ${msrs.join(', ')};
    uint64_t msrLSTAR, msrCSTAR, msrSFMASK, msrKernelGSBase, msrApicBase, msrTscAux;
    ${options.afterTscAux ?? ''}
    uint64_t aXcr[2];
    uint32_t cbExt;
    uint32_t uPadding0;
    X86XSAVEAREA ext;
} DBGFCORECPU;
typedef struct DBGFCOREDESCRIPTOR {
    uint32_t u32Magic; uint32_t u32FmtVersion; uint32_t cbSelf;
    uint32_t u32VBoxVersion; uint32_t u32VBoxRevision; uint32_t cCpus;
} DBGFCOREDESCRIPTOR;
#endif
`;
};

/** Writes the tree under `root` and returns it. */
export function writeSyntheticTree(root: string, options: SyntheticTreeOptions = {}): string {
  const files: Record<string, string> = {
    'include/iprt/cdefs.h': CDEFS(options),
    'include/iprt/types.h': TYPES,
    'include/iprt/x86.h': X86,
    'include/VBox/vmm/dbgfcorefmt.h': CORE_FORMAT(options),
    'Version.kmk': `VBOX_VERSION_MAJOR = ${options.major ?? 7}\nVBOX_VERSION_MINOR = ${options.minor ?? 0}\nVBOX_VERSION_BUILD = ${options.build ?? 99}\nVBOX_VERSION_PRERELEASE = ${options.prerelease ?? ''}\n`,
  };
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    fs.writeFileSync(path.join(root, name), text);
  }
  return root;
}
