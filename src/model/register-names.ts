/** The register names every producer's notes have, in the model's order. */
export const GENERAL = ['rax', 'rbx', 'rcx', 'rdx', 'rsi', 'rdi', 'r8', 'r9', 'r10', 'r11', 'r12', 'r13', 'r14', 'r15', 'rip', 'rsp', 'rbp', 'rflags'] as const;
export const CONTROL = ['cr0', 'cr2', 'cr3', 'cr4'] as const;

export function fromEntries<K extends string, V>(keys: readonly K[], value: (key: K) => V): Record<K, V> {
  return Object.fromEntries(keys.map((key) => [key, value(key)])) as Record<K, V>;
}
