#!/usr/bin/env python3
"""Independent reference for org.rnc.metrics.ImageQuality (used by ImageQualityTest).

Computes PSNR, SSIM and MS-SSIM of two 8-bit RGB PNG files with numpy only, written separately from the
Java code and in a different way: the 11x11 Gaussian window is built as a 2-D kernel and applied by direct
2-D "valid" convolution (numpy sliding_window_view + tensordot), where the Java code filters separably.
Definition (Wang, Simoncelli, Bovik 2003; as TensorFlow's ssim_multiscale): sigma 1.5, K1 0.01, K2 0.03,
L 255, 5 scales weighted 0.0448 0.2856 0.3001 0.2363 0.1333, 2x2 average downsampling (odd row/column
dropped), contrast-structure (last scale: SSIM) clamped at 0, each of R, G, B measured and the three averaged.

Usage: python3 msssim_reference.py original.png distorted.png

For the test fixture the distorted PNG is the JDK's decoding of kodim23-crop256-q25.jpg, written out with
  jshell> javax.imageio.ImageIO.write(javax.imageio.ImageIO.read(new java.io.File(
              "src/test/resources/org/rnc/metrics/kodim23-crop256-q25.jpg")), "png", new java.io.File("/tmp/q25.png"))
"""
import struct
import sys
import zlib

import numpy as np


def read_png(path):
    """8-bit RGB or RGBA, non-interlaced PNG -> float64 array (h, w, 3)."""
    data = open(path, 'rb').read()
    assert data[:8] == b'\x89PNG\r\n\x1a\n', 'not a PNG'
    pos, idat, w = 8, b'', None
    while pos < len(data):
        length, kind = struct.unpack('>I4s', data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b'IHDR':
            w, h, depth, colour, _, _, interlace = struct.unpack('>IIBBBBB', body)
            assert depth == 8 and colour in (2, 6) and interlace == 0, 'only 8-bit RGB(A) non-interlaced'
            bpp = 3 if colour == 2 else 4
        elif kind == b'IDAT':
            idat += body
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = w * bpp
    out = np.zeros((h, stride), dtype=np.int64)
    prev = np.zeros(stride, dtype=np.int64)
    for y in range(h):
        f = raw[y * (stride + 1)]
        line = np.frombuffer(raw, dtype=np.uint8, count=stride, offset=y * (stride + 1) + 1).astype(np.int64)
        cur = np.zeros(stride, dtype=np.int64)
        for x in range(stride):
            a = cur[x - bpp] if x >= bpp else 0
            b = prev[x]
            c = prev[x - bpp] if x >= bpp else 0
            if f == 0:
                p = 0
            elif f == 1:
                p = a
            elif f == 2:
                p = b
            elif f == 3:
                p = (a + b) // 2
            else:
                pa, pb, pc = abs(b - c), abs(a - c), abs(a + b - 2 * c)
                p = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
            cur[x] = (line[x] + p) & 255
        out[y] = cur
        prev = cur
    return out.reshape(h, w, bpp)[:, :, :3].astype(np.float64)


def window():
    r = np.arange(11) - 5.0
    yy, xx = np.meshgrid(r, r, indexing='ij')
    g = np.exp(-(xx ** 2 + yy ** 2) / (2 * 1.5 ** 2))
    return g / g.sum()


def filt(img):
    v = np.lib.stride_tricks.sliding_window_view(img, (11, 11))
    return np.tensordot(v, window(), axes=([2, 3], [0, 1]))


def ssim_cs(x, y):
    c1, c2 = (0.01 * 255) ** 2, (0.03 * 255) ** 2
    mx, my = filt(x), filt(y)
    sxx = filt(x * x) - mx * mx
    syy = filt(y * y) - my * my
    sxy = filt(x * y) - mx * my
    cs = (2 * sxy + c2) / (sxx + syy + c2)
    lum = (2 * mx * my + c1) / (mx * mx + my * my + c1)
    return float(np.mean(lum * cs)), float(np.mean(cs))


def down(img):
    h, w = img.shape[0] // 2, img.shape[1] // 2
    return img[:2 * h, :2 * w].reshape(h, 2, w, 2).mean(axis=(1, 3))


def ms_ssim(x, y):
    weights = [0.0448, 0.2856, 0.3001, 0.2363, 0.1333]
    result = 1.0
    for i, wgt in enumerate(weights):
        s, cs = ssim_cs(x, y)
        term = s if i == len(weights) - 1 else cs
        result *= max(term, 0.0) ** wgt
        x, y = down(x), down(y)
    return result


def main():
    a, b = read_png(sys.argv[1]), read_png(sys.argv[2])
    mse = np.mean((a - b) ** 2)
    print('psnr    %.10f' % (10 * np.log10(255.0 ** 2 / mse)))
    print('ssim    %.10f' % np.mean([ssim_cs(a[:, :, c], b[:, :, c])[0] for c in range(3)]))
    print('ms-ssim %.10f' % np.mean([ms_ssim(a[:, :, c], b[:, :, c]) for c in range(3)]))


if __name__ == '__main__':
    main()
