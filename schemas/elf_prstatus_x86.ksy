meta:
  id: elf_prstatus_x86
  title: NT_PRSTATUS note descriptor of an x86 or x86-64 ELF core (struct elf_prstatus)
  application: QEMU (dump-guest-memory), Linux core dumps
  license: MIT
  ks-version: '0.10'
  endian: le
doc: |
  The descriptor of a "CORE" note of type NT_PRSTATUS (1): the signal and process fields of
  Linux's struct elf_prstatus and the general registers. A QEMU guest core holds one per vCPU,
  with `pr_pid` = vCPU index + 1 and zeros in the process fields. The layout depends on the
  architecture of the core, and its size tells the two apart, so this schema picks it by the
  size of its stream (the note's n_descsz bytes): 0x150 for x86-64 (QEMU writes it when the
  first vCPU is in long mode), 0x90 for i386. Any other size leaves `body` empty. Parses
  standalone from the note's descriptor bytes.
doc-ref:
  - https://gitlab.com/qemu-project/qemu/-/blob/v7.2.0/target/i386/arch_dump.c (x86_64_elf_prstatus, x86_elf_prstatus)
  - https://github.com/torvalds/linux/blob/v6.1/include/uapi/linux/elfcore.h (struct elf_prstatus)
seq:
  - id: body
    type:
      switch-on: layout
      cases:
        2: prstatus_x86_64
        1: prstatus_i386
    doc: The prstatus fields in the layout of the core's architecture.
instances:
  layout:
    value: |
      _io.size == 0x150 ? 2
      : _io.size == 0x90 ? 1
      : 0
    doc: |
      The layout the size of the stream names, a `prstatus_layout` value (0 for any other size).
      An integer instance rather than a switch on the size itself, which is a 64-bit value that
      Java cannot switch on, and rather than an enum-typed instance, which generated Go cannot
      return from an expression that can fail. (Small values, not the sizes: Go types each branch
      of the condition by its literal, and 0x90 and 0x150 would get different types.)
    -ts-type: number
enums:
  prstatus_layout:
    0:
      id: unknown
      doc: A size neither layout has; `body` stays empty.
    1:
      id: i386
      doc: struct elf_prstatus of i386, 0x90 bytes.
    2:
      id: x86_64
      doc: struct elf_prstatus of x86-64, 0x150 bytes.
types:
  prstatus_x86_64:
    doc: struct elf_prstatus of x86-64 (336 bytes).
    seq:
      - id: si_signo
        type: s4
        doc: Signal number (0 in QEMU cores).
      - id: si_code
        type: s4
        doc: Signal code.
      - id: si_errno
        type: s4
        doc: Error number.
      - id: pr_cursig
        type: s2
        doc: Current signal.
      - id: pad_cursig
        size: 2
        doc: Alignment padding.
      - id: pr_sigpend
        type: u8
        doc: Set of pending signals.
      - id: pr_sighold
        type: u8
        doc: Set of held signals.
      - id: pr_pid
        type: s4
        doc: Process id; QEMU stores the vCPU index + 1.
      - id: pr_ppid
        type: s4
        doc: Parent process id.
      - id: pr_pgrp
        type: s4
        doc: Process group id.
      - id: pr_sid
        type: s4
        doc: Session id.
      - id: pr_times
        size: 64
        doc: pr_utime, pr_stime, pr_cutime and pr_cstime (struct timeval each), unused here.
      - id: regs
        type: user_regs_x86_64
        doc: The general registers (pr_reg, struct user_regs_struct).
      - id: pr_fpvalid
        type: s4
        doc: Whether an NT_PRFPREG note follows (QEMU writes 0).
      - id: pad_end
        size: 4
        doc: Alignment padding.
  prstatus_i386:
    doc: struct elf_prstatus of i386 (144 bytes).
    seq:
      - id: si_signo
        type: s4
        doc: Signal number (0 in QEMU cores).
      - id: si_code
        type: s4
        doc: Signal code.
      - id: si_errno
        type: s4
        doc: Error number.
      - id: pr_cursig
        type: s2
        doc: Current signal.
      - id: pad_cursig
        size: 2
        doc: Alignment padding.
      - id: pr_sigpend
        type: u4
        doc: Set of pending signals.
      - id: pr_sighold
        type: u4
        doc: Set of held signals.
      - id: pr_pid
        type: s4
        doc: Process id; QEMU stores the vCPU index + 1.
      - id: pr_ppid
        type: s4
        doc: Parent process id.
      - id: pr_pgrp
        type: s4
        doc: Process group id.
      - id: pr_sid
        type: s4
        doc: Session id.
      - id: pr_times
        size: 32
        doc: pr_utime, pr_stime, pr_cutime and pr_cstime (struct timeval each), unused here.
      - id: regs
        type: user_regs_i386
        doc: The general registers (pr_reg, struct user_regs_struct of i386).
      - id: pr_fpvalid
        type: s4
        doc: Whether an NT_PRFPREG note follows (QEMU writes 0).
  user_regs_x86_64:
    doc: struct user_regs_struct of x86-64, 27 registers of 8 bytes, in the kernel's order.
    seq:
      - id: r15
        type: u8
        doc: Register R15.
      - id: r14
        type: u8
        doc: Register R14.
      - id: r13
        type: u8
        doc: Register R13.
      - id: r12
        type: u8
        doc: Register R12.
      - id: rbp
        type: u8
        doc: Register RBP.
      - id: rbx
        type: u8
        doc: Register RBX.
      - id: r11
        type: u8
        doc: Register R11.
      - id: r10
        type: u8
        doc: Register R10.
      - id: r9
        type: u8
        doc: Register R9.
      - id: r8
        type: u8
        doc: Register R8.
      - id: rax
        type: u8
        doc: Register RAX.
      - id: rcx
        type: u8
        doc: Register RCX.
      - id: rdx
        type: u8
        doc: Register RDX.
      - id: rsi
        type: u8
        doc: Register RSI.
      - id: rdi
        type: u8
        doc: Register RDI.
      - id: orig_rax
        type: u8
        doc: Register ORIG_RAX.
      - id: rip
        type: u8
        doc: Register RIP.
      - id: cs
        type: u8
        doc: Register CS.
      - id: eflags
        type: u8
        doc: Register EFLAGS.
      - id: rsp
        type: u8
        doc: Register RSP.
      - id: ss
        type: u8
        doc: Register SS.
      - id: fs_base
        type: u8
        doc: Register FS base.
      - id: gs_base
        type: u8
        doc: Register GS base.
      - id: ds
        type: u8
        doc: Register DS.
      - id: es
        type: u8
        doc: Register ES.
      - id: fs
        type: u8
        doc: Register FS.
      - id: gs
        type: u8
        doc: Register GS.
  user_regs_i386:
    doc: struct user_regs_struct of i386, 17 registers of 4 bytes, in the kernel's order.
    seq:
      - id: ebx
        type: u4
        doc: Register EBX.
      - id: ecx
        type: u4
        doc: Register ECX.
      - id: edx
        type: u4
        doc: Register EDX.
      - id: esi
        type: u4
        doc: Register ESI.
      - id: edi
        type: u4
        doc: Register EDI.
      - id: ebp
        type: u4
        doc: Register EBP.
      - id: eax
        type: u4
        doc: Register EAX.
      - id: ds
        type: u4
        doc: Register DS.
      - id: es
        type: u4
        doc: Register ES.
      - id: fs
        type: u4
        doc: Register FS.
      - id: gs
        type: u4
        doc: Register GS.
      - id: orig_eax
        type: u4
        doc: Register ORIG_EAX.
      - id: eip
        type: u4
        doc: Register EIP.
      - id: cs
        type: u4
        doc: Register CS.
      - id: eflags
        type: u4
        doc: Register EFLAGS.
      - id: esp
        type: u4
        doc: Register ESP.
      - id: ss
        type: u4
        doc: Register SS.
