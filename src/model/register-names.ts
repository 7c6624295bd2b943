import { GeneralRegisterName } from './types';

/** The general registers every producer's notes have, in the model's order (rflags aside: not every layout has it). */
export const GENERAL: readonly GeneralRegisterName[] = ['rax', 'rbx', 'rcx', 'rdx', 'rsi', 'rdi', 'r8', 'r9', 'r10', 'r11', 'r12', 'r13', 'r14', 'r15', 'rip', 'rsp', 'rbp'];
export const CONTROL = ['cr0', 'cr2', 'cr3', 'cr4'] as const;

export function fromEntries<K extends string, V>(keys: readonly K[], value: (key: K) => V): Record<K, V> {
  return Object.fromEntries(keys.map((key) => [key, value(key)])) as Record<K, V>;
}
