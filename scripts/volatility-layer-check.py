#!/usr/bin/env python3
# A check by hand of `vboxcore export --volatility-config` against Volatility 3 itself (which is
# in no package registry CI reaches): builds the kernel's layer from the configuration with
# Volatility's own classes and requirements, then reads the kernel through it.
#   python3 scripts/volatility-layer-check.py VOLATILITY3_CHECKOUT CONFIG.json SYMBOLS.txt
# SYMBOLS.txt: lines "name hexaddress" for linux_banner, _text and entry_SYSCALL_64 (from the
# guest's /proc/kallsyms; the real-guest test writes them with VBOXCORE_KEEP_GUEST=DIR).
import json, sys
sys.path.insert(0, sys.argv.pop(1))
from volatility3 import framework
from volatility3.framework import contexts, interfaces
from volatility3.framework.configuration import requirements
import volatility3.framework.layers
framework.import_files(volatility3.framework.layers, True)
config_file, symbols_file = sys.argv[1], sys.argv[2]
symbols = dict((line.split()[0], int(line.split()[1], 16)) for line in open(symbols_file))
context = contexts.Context()
context.config.splice('plugins.Check', interfaces.configuration.HierarchicalDict(json.load(open(config_file))))
def construct(parent, name):
    # as Volatility's ConstructionMagic does: the layers below first, then this one
    path = parent + '.' + name
    for child in ('memory_layer', 'base_layer'):
        if (path + '.' + child + '.class') in context.config:
            construct(path, child)
    requirements.TranslationLayerRequirement(name=name).construct(context, parent)
construct('plugins.Check.kernel', 'layer_name')
layer_name = context.config['plugins.Check.kernel.layer_name']
layer = context.layers[layer_name]
print('layer', type(layer).__name__, 'dtb', hex(layer.config['page_map_offset']), 'kernel_virtual_offset', hex(layer.config['kernel_virtual_offset']))
banner = layer.read(symbols["linux_banner"], 400).split(b'\n')[0]
print('linux_banner via Volatility:', banner.decode('latin-1'))
print('kernel_banner in config matches:', layer.config['kernel_banner'].encode('latin-1').startswith(banner + b'\n'))
print('_text - kernel_virtual_offset =', hex(symbols['_text'] - layer.config['kernel_virtual_offset']))
print('entry_SYSCALL_64 first bytes:', layer.read(symbols['entry_SYSCALL_64'], 8).hex())
