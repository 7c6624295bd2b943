/** Sizes fixed by the ELF64 standard, shared by the readers' checks and the writer. */
export const ELF64_HEADER_SIZE = 64;
export const ELF64_PROGRAM_HEADER_SIZE = 56;
export const ELF64_SECTION_HEADER_SIZE = 64;
