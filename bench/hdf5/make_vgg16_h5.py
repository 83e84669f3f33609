#!/usr/bin/env python3
"""Writes a VGG16-sized tf.keras full-model h5 (138,357,544 float32 params, ~553 MB) for the HDF5
benchmark. h5py only; random weights. Usage: make_vgg16_h5.py OUT.h5"""
import json
import sys

import h5py
import numpy as np

BLOCKS = [(2, 64), (2, 128), (3, 256), (3, 512), (3, 512)]


def main(out):
    rng = np.random.default_rng(0)
    layers = [{'class_name': 'InputLayer', 'config': {'batch_input_shape': [None, 224, 224, 3], 'dtype': 'float32', 'name': 'input_1'}}]
    weights = []
    cin = 3
    for b, (n, filters) in enumerate(BLOCKS, 1):
        for i in range(1, n + 1):
            name = 'block%d_conv%d' % (b, i)
            layers.append({'class_name': 'Conv2D', 'config': {'name': name, 'trainable': True, 'dtype': 'float32', 'filters': filters, 'kernel_size': [3, 3], 'strides': [1, 1], 'padding': 'same', 'data_format': 'channels_last', 'dilation_rate': [1, 1], 'groups': 1, 'activation': 'relu', 'use_bias': True}})
            weights.append((name, [(3, 3, cin, filters), (filters,)]))
            cin = filters
        name = 'block%d_pool' % b
        layers.append({'class_name': 'MaxPooling2D', 'config': {'name': name, 'trainable': True, 'dtype': 'float32', 'pool_size': [2, 2], 'padding': 'valid', 'strides': [2, 2], 'data_format': 'channels_last'}})
        weights.append((name, []))
    layers.append({'class_name': 'Flatten', 'config': {'name': 'flatten', 'trainable': True, 'dtype': 'float32', 'data_format': 'channels_last'}})
    weights.append(('flatten', []))
    for name, fin, units in [('fc1', 25088, 4096), ('fc2', 4096, 4096), ('predictions', 4096, 1000)]:
        layers.append({'class_name': 'Dense', 'config': {'name': name, 'trainable': True, 'dtype': 'float32', 'units': units, 'activation': 'relu', 'use_bias': True}})
        weights.append((name, [(fin, units), (units,)]))
    config = {'class_name': 'Sequential', 'config': {'name': 'vgg16', 'layers': layers}}
    with h5py.File(out, 'w') as f:
        f.attrs['keras_version'] = '2.15.0'
        f.attrs['backend'] = 'tensorflow'
        f.attrs.create('model_config', json.dumps(config).encode(), dtype=h5py.string_dtype('ascii'))
        g = f.create_group('model_weights')
        g.attrs.create('layer_names', [n.encode() for n, _ in weights], dtype=h5py.string_dtype('ascii'))
        g.attrs.create('backend', b'tensorflow', dtype=h5py.string_dtype('ascii'))
        g.attrs.create('keras_version', b'2.15.0', dtype=h5py.string_dtype('ascii'))
        for name, shapes in sorted(weights):
            lg = g.create_group(name)
            names = ['%s/%s:0' % (name, w) for w in ['kernel', 'bias'][: len(shapes)]]
            lg.attrs.create('weight_names', [n.encode() for n in names], dtype=h5py.string_dtype('ascii')) if names else lg.attrs.create('weight_names', np.zeros((0,)))
            for wname, shape in zip(names, shapes):
                ds = lg.create_dataset(wname, shape=shape, dtype='float32')
                rows = max(1, (1 << 24) // int(np.prod(shape[1:], dtype=np.int64)))
                for r in range(0, shape[0], rows):
                    ds[r:r + rows] = rng.random((min(rows, shape[0] - r),) + tuple(shape[1:]), dtype=np.float32) - 0.5
        lg = g.create_group('top_level_model_weights')
        lg.attrs.create('weight_names', np.zeros((0,)))


if __name__ == '__main__':
    main(sys.argv[1])
