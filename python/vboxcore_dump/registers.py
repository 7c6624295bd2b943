"""vCPU registers from VBCPU notes (DBGFCORECPU or CPUMCTX) and QEMU notes, as the library models them.

64-bit values are 0x-prefixed hex strings (the library's JSON convention); a register a layout
does not store is None, never 0.
"""
from vboxcore_parsers.vbox_cpu_state import VboxCpuState
from vboxcore_parsers.vbox_cpumctx import VboxCpumctx

from .elf import EM_386, EM_X86_64

XSAVE_AREA_SIZE = 0x2000
GENERAL = ('rax', 'rbx', 'rcx', 'rdx', 'rsi', 'rdi', 'r8', 'r9', 'r10', 'r11', 'r12', 'r13', 'r14', 'r15', 'rip', 'rsp', 'rbp')
SEGMENTS = ('cs', 'ds', 'es', 'fs', 'gs', 'ss', 'ldtr', 'tr')
CONTROL = ('cr0', 'cr2', 'cr3', 'cr4')
MSRS = (('efer', 'msr_efer'), ('star', 'msr_star'), ('pat', 'msr_pat'), ('lstar', 'msr_lstar'), ('cstar', 'msr_cstar'),
        ('sfmask', 'msr_sfmask'), ('kernelGsBase', 'msr_kernel_gs_base'))

# The schemas' layout instances are integers holding enum values (portable to Go and Java).
CPUMCTX_LAYOUTS = {
    VboxCpumctx.CpumctxLayout.v4_0.value: ('cpumctx-4.0', 'VirtualBox 4.0.x and 4.1.x'),
    VboxCpumctx.CpumctxLayout.v4_2.value: ('cpumctx-4.2', 'VirtualBox 4.2.x and 4.3.x'),
    VboxCpumctx.CpumctxLayout.v5_0_beta1.value: ('cpumctx-5.0-beta1', 'VirtualBox 5.0.0 beta 1 (a pre-release)'),
    VboxCpumctx.CpumctxLayout.v5_0_beta2.value: ('cpumctx-5.0-beta2', 'VirtualBox 5.0.0 beta 2 - RC1 (pre-releases)'),
}
DBGFCORECPU_RELEASES = {
    0x10002: 'VirtualBox 5.0.0 RC2 - 5.0.0',
    0x10003: 'VirtualBox 5.0.2 - 5.0.x and 5.1.0 beta 1',
    0x10005: 'VirtualBox 5.1.0 beta 3 - 6.1.x',
    0x10006: 'VirtualBox 7.0 on',
}
KNOWN_FORMAT_VERSIONS = tuple(member.value for member in VboxCpuState.CpuLayout if member.value != 0)


def hex64(value):
    return hex(value)


def hex_or_none(value):
    return None if value is None else hex(value)


def _host_of(cpu, size, machine, major):
    """What the XSAVE area's place says about the host (its 16-byte alignment is kept only by gcc and clang on 64-bit hosts)."""
    alignment = len(cpu.ext_alignment)
    xsave_offset = size - XSAVE_AREA_SIZE
    fields_end = xsave_offset - alignment
    if alignment == 0 and fields_end % 16 == 0:
        return 'any host (the fields end on a 16-byte boundary, so every compiler places the XSAVE area alike)'
    if alignment == 8 and xsave_offset % 16 == 0:
        return 'a 64-bit host built with gcc or clang (Linux, macOS, Solaris): the XSAVE area is 16-byte aligned'
    if alignment == 0:
        # 64-bit gcc and clang align it to 16: under EM_X86_64, or from 7.0 (no 32-bit hosts), only MSVC is left
        if machine == EM_X86_64 or (major is not None and major >= 7):
            return 'a Windows host (MSVC): the XSAVE area is 8-byte aligned'
        if machine == EM_386 and major is not None:
            return 'a 32-bit host: the XSAVE area is 8-byte aligned'
        return 'a Windows host (MSVC) or a 32-bit host: the XSAVE area is 8-byte aligned'
    return 'no known host: the XSAVE area is taken at n_descsz - 0x2000 (%s), %d bytes after the fields (inferred)' % (hex(xsave_offset), alignment)


def describe_layout(state, size, machine, major):
    """The layout the schema picked for a VBCPU note, and why; None when it picked none."""
    body = getattr(state, 'body', None)
    chosen_by = 'release' if state.layout_released != 0 else 'size' if state.layout_by_size != 0 else 'format-version'
    if isinstance(body, VboxCpuState.Dbgfcorecpu):
        return {'name': 'dbgfcorecpu-%s' % hex(state.layout), 'structure': 'DBGFCORECPU', 'formatVersion': state.layout,
                'releases': DBGFCORECPU_RELEASES.get(state.layout, 'no release vboxcore knows of'), 'size': size, 'host': _host_of(body, size, machine, major), 'chosenBy': chosen_by}
    if isinstance(body, VboxCpumctx) and getattr(body, 'body', None) is not None:
        name, releases = CPUMCTX_LAYOUTS.get(body.layout, ('cpumctx-%s' % hex(size), 'no release vboxcore knows of'))
        return {'name': name, 'structure': 'CPUMCTX', 'formatVersion': 0x10000, 'releases': releases, 'size': size, 'host': 'any host (CPUMCTX is packed)', 'chosenBy': chosen_by}
    return None


def fpu_view(fxsave):
    """The FXSAVE image: x87 environment, MXCSR, ST0-7 as 80-bit and XMM0-15 as 128-bit values."""
    return {
        'fcw': fxsave.fcw, 'fsw': fxsave.fsw, 'ftw': fxsave.ftw, 'fop': fxsave.fop,
        'fpuIp': fxsave.fpu_ip, 'fpuCs': fxsave.fpu_cs, 'fpuDp': fxsave.fpu_dp, 'fpuDs': fxsave.fpu_ds,
        'mxcsr': fxsave.mxcsr, 'mxcsrMask': fxsave.mxcsr_mask,
        'st': [hex64(register.mantissa | (register.sign_exponent << 64)) for register in fxsave.st],
        'xmm': [hex64(register.low | (register.high << 64)) for register in fxsave.xmm],
    }


def segment_view(selector, base, limit, attributes):
    return {'selector': selector, 'base': hex64(base), 'limit': limit, 'attributes': attributes}


def register_view(general, rflags, segments, control, debug, gdtr, idtr, sysenter, msrs, xcr, fpu, xsave):
    return {
        'general': dict({name: hex64(value) for name, value in general.items()}, rflags=hex_or_none(rflags)),
        'segments': segments,
        'control': {name: hex64(value) for name, value in control.items()},
        'debug': [hex64(value) for value in debug],
        'gdtr': {'base': hex64(gdtr.base), 'limit': gdtr.limit},
        'idtr': {'base': hex64(idtr.base), 'limit': idtr.limit},
        'sysenter': {name: hex_or_none(value) for name, value in sysenter.items()},
        'msrs': {name: hex_or_none(value) for name, value in msrs.items()},
        'xcr': None if xcr is None else {'xcr0': hex64(xcr[0]), 'xcr1': hex64(xcr[1])},
        'fpu': fpu,
        'xsave': xsave,
    }


def _dbgfcorecpu_registers(cpu):
    msrs = dict({name: getattr(cpu, field) for name, field in MSRS}, apicBase=cpu.msr_apic_base, tscAux=getattr(cpu, 'msr_tsc_aux', None))
    return register_view(
        {name: getattr(cpu, name) for name in GENERAL}, getattr(cpu, 'rflags', None),
        {name: segment_view(getattr(cpu, name).selector, getattr(cpu, name).base, getattr(cpu, name).limit, getattr(cpu, name).attributes) for name in SEGMENTS},
        {name: getattr(cpu, name) for name in CONTROL}, cpu.dr, cpu.gdtr, cpu.idtr,
        {'cs': getattr(cpu, 'sysenter_cs', None), 'eip': getattr(cpu, 'sysenter_eip', None), 'esp': cpu.sysenter_esp},
        msrs, cpu.xcr, fpu_view(cpu.ext.legacy),
        dict({'offset': cpu._io.size() - XSAVE_AREA_SIZE, 'stateSize': getattr(cpu, 'ext_size', None), 'xstateBv': hex64(cpu.ext.xstate_bv), 'xcompBv': hex64(cpu.ext.xcomp_bv)}, **extended_state_view(cpu.ext)))


def _joined(words, per_register):
    """64-bit words, low first, joined into registers of per_register words each."""
    return [sum(word << (64 * position) for position, word in enumerate(words[index:index + per_register])) for index in range(0, len(words), per_register)]


def extended_state_view(area):
    """YMM0-15 whole, k0-k7 and ZMM0-31 whole, where the schema decoded them (x86_xsave_area.ksy), else None."""
    xmm = [register.low | (register.high << 64) for register in area.legacy.xmm]
    ymm = [low | ((high.low | (high.high << 64)) << 128) for low, high in zip(xmm, area.ymm_hi128)] if area.has_ymm_hi128 else None
    opmask = list(area.opmask) if area.has_opmask else None
    zmm_high = _joined(area.zmm_hi256, 4) if area.has_zmm_hi256 else None
    zmm16 = _joined(area.hi16_zmm, 8) if area.has_hi16_zmm else None
    zmm = [low | (high << 256) for low, high in zip(ymm, zmm_high)] + zmm16 if ymm is not None and zmm_high is not None and zmm16 is not None else None
    view = lambda values: None if values is None else [hex64(value) for value in values]
    return {'ymm': view(ymm), 'opmask': view(opmask), 'zmm': view(zmm)}


def _cpumctx_registers(cpumctx, vbox_version):
    body = cpumctx.body
    if isinstance(body, VboxCpumctx.CpumctxV40):
        hidden = {segment: getattr(body, segment + '_hid') for segment in SEGMENTS}
        return register_view(
            {register: getattr(body, register) for register in GENERAL}, body.rflags,
            {segment: segment_view(getattr(body, segment), hidden[segment].base, hidden[segment].limit, hidden[segment].attributes) for segment in SEGMENTS},
            {register: getattr(body, register) for register in CONTROL}, body.dr, body.gdtr, body.idtr,
            {'cs': body.sys_enter.cs, 'eip': body.sys_enter.eip, 'esp': body.sys_enter.esp},
            dict({msr: getattr(body, field) for msr, field in MSRS}, apicBase=None, tscAux=None), None, fpu_view(body.fpu), None)
    block = body.registers
    is_42 = vbox_version is not None and tuple(vbox_version[:2]) == (4, 2)  # 4.2 keeps padding where 4.3 stores the APIC base
    fpu = fpu_view(body.fpu) if isinstance(body, VboxCpumctx.CpumctxV42) else None
    xcr = body.xcr if isinstance(body, VboxCpumctx.CpumctxV50Beta) and body.has_xcr else None
    return register_view(
        {register: getattr(block, register) for register in GENERAL}, block.rflags,
        {segment: segment_view(getattr(block, segment).selector, getattr(block, segment).base, getattr(block, segment).limit, getattr(block, segment).attributes) for segment in SEGMENTS},
        {register: getattr(block, register) for register in CONTROL}, block.dr, block.gdtr, block.idtr,
        {'cs': block.sys_enter.cs, 'eip': block.sys_enter.eip, 'esp': block.sys_enter.esp},
        dict({msr: getattr(block, field) for msr, field in MSRS}, apicBase=None if is_42 else block.msr_apic_base, tscAux=None), xcr, fpu, None)


def virtualbox_registers(state, vbox_version):
    """The registers of a VBCPU note parsed by vbox_cpu_state.ksy, which picked the layout."""
    body = getattr(state, 'body', None)
    if isinstance(body, VboxCpuState.Dbgfcorecpu):
        return _dbgfcorecpu_registers(body)
    if isinstance(body, VboxCpumctx) and getattr(body, 'body', None) is not None:
        return _cpumctx_registers(body, vbox_version)
    return None


def qemu_registers(state, first_cpu_in_long_mode):
    """QEMUCPUState; segment flags moved to the VMX access-rights layout, as the library does."""
    general = {name: hex64(getattr(state, name)) for name in GENERAL + ('rflags',)}
    control = {name: getattr(state, name) for name in CONTROL}
    long_mode = first_cpu_in_long_mode and bool(control['cr0'] & (1 << 31)) and bool(control['cr4'] & (1 << 5))
    return {
        'general': general,
        'control': {name: hex64(value) for name, value in control.items()},
        'segments': {name: {'selector': getattr(state, field).selector, 'base': hex64(getattr(state, field).base),
                            'limit': getattr(state, field).limit, 'attributes': (getattr(state, field).flags >> 8) & 0xf0ff}
                     for name, field in (('cs', 'cs'), ('ds', 'ds'), ('es', 'es'), ('fs', 'fs'), ('gs', 'gs'), ('ss', 'ss'), ('ldtr', 'ldt'), ('tr', 'tr'))},
        'gdtr': {'base': hex64(state.gdt.base), 'limit': state.gdt.limit},
        'idtr': {'base': hex64(state.idt.base), 'limit': state.idt.limit},
        'stateVersion': state.version,
        'stateSize': state.size,
        'kernelGsBase': hex64(state.kernel_gs_base) if getattr(state, 'kernel_gs_base', None) is not None else None,
        'longModeActive': long_mode,
    }
