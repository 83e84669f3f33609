// tfjs-layers on tfjs-core's CPU backend, as the conformance checks run it: import this module before
// building a tfjs model. tfjs-layers' Orthogonal initializer calls tensor methods (`rMat.flatten()`)
// that only the full @tensorflow/tfjs bundle registers; tfjs-core's Node build registers none of them.
import '@tensorflow/tfjs-backend-cpu';
import * as tfc from '@tensorflow/tfjs-core';

const T = tfc.Tensor.prototype;
T.flatten ??= function () { return tfc.reshape(this, [this.size]); };
T.stridedSlice ??= function (begin, end, strides) { return tfc.stridedSlice(this, begin, end, strides); };
T.sign ??= function () { return tfc.sign(this); };
T.transpose ??= function (perm) { return tfc.transpose(this, perm); };
T.reshape ??= function (shape) { return tfc.reshape(this, shape); };
