#!/usr/bin/env python3
"""Saves Keras' own VGG16 (random weights, 138,357,544 params, ~553 MB) as a .keras archive for the URL
benchmark. Needs Keras 3 (any backend). Usage: make_vgg16_keras.py OUT.keras"""
import sys

import keras


def main(out):
    keras.utils.set_random_seed(0)
    keras.applications.VGG16(weights=None).save(out)


if __name__ == '__main__':
    main(sys.argv[1])
