/*
 * A 64 KiB firmware image for QEMU's pc machine (-bios): from the reset vector it enters
 * protected mode, copies the page tables below to 0x10000, switches to 4-level paging and long
 * mode, sets a few registers the tests look for, and halts. Every address is computed by the
 * assembler (no relocations), so `as` and `objcopy -O binary` are all it needs.
 *
 * Virtual layout (the tests derive their expectations from the tables below):
 *   0x0 - 0x400000                      identity, two 2 MiB pages
 *   0xffe00000 - 0x100000000            identity, one 2 MiB page (this code runs there)
 *   0xffff888000000000 + 1 GiB          physical 0, one 1 GiB page, no-execute
 *   0xffffffff80000000 + 64 KiB         4 KiB pages over physical 0x300000-0x30ffff in reverse
 *                                        order; page 3 not present, pages 8-15 user, page 15 NX
 */
        .set BASE, 0xffff0000
        .set TABLES, 0x10000
        .text
        .code16
start:
        cli
        lgdtl %cs:gdt_pointer - start
        movl %cr0, %eax
        orl $1, %eax                          /* CR0.PE */
        movl %eax, %cr0
        ljmpl $0x08, $(BASE + protected32 - start)

        .code32
protected32:
        movw $0x10, %ax
        movw %ax, %ds
        movw %ax, %es
        movw %ax, %ss
        movl $(BASE + tables - start), %esi
        movl $TABLES, %edi
        movl $((tables_end - tables) / 4), %ecx
        cld
        rep movsl
        movl $TABLES, %eax
        movl %eax, %cr3
        movl %cr4, %eax
        orl $0x20, %eax                       /* CR4.PAE */
        movl %eax, %cr4
        movl $0xc0000080, %ecx                /* IA32_EFER */
        rdmsr
        orl $0x900, %eax                      /* LME, NXE */
        wrmsr
        movl %cr0, %eax
        orl $0x80000000, %eax                 /* CR0.PG */
        movl %eax, %cr0
        ljmpl $0x18, $(BASE + long64 - start)

        .code64
long64:
        movabs $0x1122334455667788, %rax
        movabs $0xffffffff80004000, %rsp
        movabs $0x0123456789abcdef, %r15
halt:
        hlt
        jmp halt

        .balign 8
gdt:
        .quad 0
        .quad 0x00cf9b000000ffff              /* 0x08: 32-bit code */
        .quad 0x00cf93000000ffff              /* 0x10: data */
        .quad 0x00af9b000000ffff              /* 0x18: 64-bit code */
gdt_end:
gdt_pointer:
        .word gdt_end - gdt - 1
        .long BASE + gdt - start

        .balign 8
tables:
        /* 0x10000 PML4 */
        .quad 0x11003
        .fill 272, 8, 0
        .quad 0x14003                         /* 273: 0xffff888000000000 */
        .fill 237, 8, 0
        .quad 0x15003                         /* 511: the top 512 GiB */
        /* 0x11000 PDPT of the low 512 GiB */
        .quad 0x12003
        .fill 2, 8, 0
        .quad 0x13003
        .fill 508, 8, 0
        /* 0x12000 PD of 0-1 GiB */
        .quad 0x000083
        .quad 0x200083
        .fill 510, 8, 0
        /* 0x13000 PD of 3-4 GiB */
        .fill 511, 8, 0
        .quad 0xffe00083
        /* 0x14000 PDPT of the direct map */
        .quad 0x8000000000000083
        .fill 511, 8, 0
        /* 0x15000 PDPT of the top 512 GiB */
        .fill 510, 8, 0
        .quad 0x16003                         /* 510: 0xffffffff80000000 */
        .fill 1, 8, 0
        /* 0x16000 PD */
        .quad 0x17003
        .fill 511, 8, 0
        /* 0x17000 PT */
        .quad 0x30f003, 0x30e003, 0x30d003, 0, 0x30b003, 0x30a003, 0x309003, 0x308003
        .quad 0x307007, 0x306007, 0x305007, 0x304007, 0x303007, 0x302007, 0x301007, 0x8000000000300007
        .fill 496, 8, 0
tables_end:

        .code16
        .org 0xfff0                           /* the reset vector, 0xfffffff0 */
        jmp start                             /* IP wraps from 0xfff3 to 0 */
        .org 0x10000
