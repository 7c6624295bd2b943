import { VboxElf64Header } from '../../../generated/VboxElf64Header';

/**
 * What e_machine says in a VirtualBox core: the architecture of the host VirtualBox ran on,
 * never the guest's. VirtualBox writes EM_386 on 32-bit x86 hosts (releases up to 6.0) and on
 * arm64 hosts, with ELFCLASS64 all the same.
 */
export function virtualBoxHost(machine: number, version: { readonly major: number } | null): string {
  if (machine === VboxElf64Header.Machine.X86_64) return 'x86-64 (e_machine EM_X86_64)';
  if (machine === VboxElf64Header.Machine.X86) {
    // arm64 hosts came with 7.0; before it, EM_386 can only be a 32-bit x86 host
    const which = version !== null && version.major < 7 ? '32-bit x86' : '32-bit x86 or arm64';
    return `${which} (e_machine EM_386, in an ELF64 file: VirtualBox writes EM_386 on such hosts; it says nothing about the guest)`;
  }
  return `unknown (e_machine ${machine})`;
}
