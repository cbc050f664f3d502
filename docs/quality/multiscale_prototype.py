"""Prototype (issue 17): does a restoration filter reach MS-SSIM's coarse scales? MS-SSIM puts 0.87 of its weight on
scales 2-5 (the picture halved 1-4 times), where a 5x5 filter does little. Variants add, per plane, terms
(blur_s(d) - d) of the decoded plane at coarser scales s, or scale the least-squares weights up (sharper than the
Wiener solution). Same inputs and BD-rates as restoration_prototype.py (the writer's files without a filter):

    python3 docs/quality/multiscale_prototype.py KODAK DIR
"""
import os
import sys

import numpy as np
from scipy.ndimage import gaussian_filter, uniform_filter

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from restoration_prototype import bd_against_unfiltered, pairs  # noqa: E402


def restore(d, o, scales=(), box=False, alpha=1.0, q=128):
    h, w, _ = d.shape
    rr = 2
    p = np.pad(d, ((rr, rr), (rr, rr), (0, 0)), mode='edge')
    out, n = d.copy(), 0

    def sh(c, dy, dx):
        return p[rr + dy:rr + dy + h, rr + dx:rr + dx + w, c]
    for c in range(3):
        f = [sh(c, dy, dx) + sh(c, -dy, -dx) - 2 * d[:, :, c] for dy, dx in pairs(2)]
        for c2 in range(3):
            if c2 != c:
                f.append(d[:, :, c2] - d[:, :, c])
        for s in scales:
            b = uniform_filter(d[:, :, c], size=s, mode='nearest') if box else gaussian_filter(d[:, :, c], s, mode='nearest')
            f.append(b - d[:, :, c])
        a = np.stack([v.ravel() for v in f], 1)
        wt = np.linalg.lstsq(a, (o[:, :, c] - d[:, :, c]).ravel(), rcond=None)[0] * alpha
        wt = np.clip(np.round(wt * q), -128, 127) / q
        n += len(wt)
        out[:, :, c] = d[:, :, c] + (a @ wt).reshape(h, w)
    return np.clip(np.round(out), 0, 255), n


VARIANTS = {'format': {}, 'alpha 1.25': {'alpha': 1.25}, 'alpha 1.5': {'alpha': 1.5},
            '+ gauss 2,4,8': {'scales': (2, 4, 8)}, '+ gauss 1,2,4,8,16': {'scales': (1, 2, 4, 8, 16)},
            '+ box 5,9,17,33': {'scales': (5, 9, 17, 33), 'box': True}}

if __name__ == '__main__':
    for v, (p, m) in bd_against_unfiltered(sys.argv[1], sys.argv[2], VARIANTS, restore).items():
        print(f'{v:24s} PSNR BD {p:+.2f} %  MS-SSIM BD {m:+.2f} %')
