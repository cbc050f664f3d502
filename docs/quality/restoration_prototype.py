"""Prototype of the restoration filter (issue 17, docs/quality/restoration-filter.md): a per-image least-squares filter
on RNC decodes, with the filter's bytes counted. Decodes come from the CLI:

    for k in 1 2 3 4 6 8; do for i in 01 04 08 13 19 23; do
      java -jar target/rnc-cli.jar encode -n $k --no-filter KODAK/kodim$i.png DIR/k${i}_n$k.rnc
      java -jar target/rnc-cli.jar decode DIR/k${i}_n$k.rnc DIR/k${i}_n$k.png; done; done
    python3 docs/quality/restoration_prototype.py KODAK DIR

Prints, per variant, the BD-rate against the unfiltered files (mean over images) at equal PSNR and MS-SSIM (dB).
Needs numpy, scipy and Pillow."""
import os
import sys

import numpy as np
from PIL import Image
from scipy.ndimage import convolve1d

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bdrate import bd, db  # noqa: E402

G = np.exp(-((np.arange(11) - 5.0) ** 2) / (2 * 1.5 ** 2))
G /= G.sum()
W5 = [0.0448, 0.2856, 0.3001, 0.2363, 0.1333]
C1, C2 = (0.01 * 255) ** 2, (0.03 * 255) ** 2


def blur(v):
    t = convolve1d(v, G, axis=1, mode='constant')[:, 5:-5]
    return convolve1d(t, G, axis=0, mode='constant')[5:-5, :]


def ssim_cs(x, y):
    mx, my = blur(x), blur(y)
    vx, vy, cv = blur(x * x) - mx * mx, blur(y * y) - my * my, blur(x * y) - mx * my
    c = (2 * cv + C2) / (vx + vy + C2)
    return ((2 * mx * my + C1) / (mx * mx + my * my + C1) * c).mean(), c.mean()


def half(v):
    h, w = v.shape[0] // 2 * 2, v.shape[1] // 2 * 2
    v = v[:h, :w]
    return (v[0::2, 0::2] + v[0::2, 1::2] + v[1::2, 0::2] + v[1::2, 1::2]) / 4


def msssim(a, b):
    """As org.rnc.metrics.ImageQuality: mean over R, G, B."""
    r = 0
    for c in range(3):
        x, y, res = a[:, :, c], b[:, :, c], 1
        for s in range(5):
            ss, cs = ssim_cs(x, y)
            res *= max(0, ss if s == 4 else cs) ** W5[s]
            if s < 4:
                x, y = half(x), half(y)
        r += res
    return r / 3


def psnr(a, b):
    return 10 * np.log10(255 ** 2 / np.mean((a - b) ** 2))


def pairs(r):
    return [(dy, dx) for dy in range(-r, r + 1) for dx in range(-r, r + 1) if (dy, dx) > (0, 0)]


def restore(d, o, own_r, cross, bias, xr, q=128):
    """Fits and applies the filter; weights rounded to 1/q and clamped to a signed byte. Returns (picture, weights)."""
    h, w, _ = d.shape
    rr = max(own_r, xr, 1)
    p = np.pad(d, ((rr, rr), (rr, rr), (0, 0)), mode='edge')
    out, n = d.copy(), 0

    def sh(c, dy, dx):
        return p[rr + dy:rr + dy + h, rr + dx:rr + dx + w, c]
    for c in range(3):
        f = [sh(c, dy, dx) + sh(c, -dy, -dx) - 2 * d[:, :, c] for dy, dx in pairs(own_r)]
        if cross:
            for c2 in range(3):
                if c2 != c:
                    f.append(d[:, :, c2] - d[:, :, c])
                    f += [sh(c2, dy, dx) + sh(c2, -dy, -dx) - 2 * d[:, :, c2] for dy, dx in pairs(xr)] if xr else []
        if bias:
            f.append(np.ones((h, w)))
        a = np.stack([v.ravel() for v in f], 1)
        wt = np.linalg.lstsq(a, (o[:, :, c] - d[:, :, c]).ravel(), rcond=None)[0]
        wt = np.clip(np.round(wt * q), -128, 127) / q
        n += len(wt)
        out[:, :, c] = d[:, :, c] + (a @ wt).reshape(h, w)
    return np.clip(np.round(out), 0, 255), n


VARIANTS = {'5x5 + colour (the format)': (2, True, False, 0), '5x5 + colour + bias': (2, True, True, 0),
            '5x5 + colour + 3x3 of the other planes': (2, True, False, 1), '3x3 + colour': (1, True, False, 0),
            '5x5 alone': (2, False, False, 0), '7x7 + colour': (3, True, False, 0)}

def bd_against_unfiltered(kodak, folder, variants, restore_fn):
    """Per variant (name -> keyword arguments of restore_fn(d, o, ...), which returns (picture, weights)), the mean
    over Kodak-6 of the BD-rates against the unfiltered files, (PSNR, MS-SSIM in dB), each weight costing a byte."""
    res = {v: [] for v in variants}
    for i in ['01', '04', '08', '13', '19', '23']:
        o = np.asarray(Image.open(f'{kodak}/kodim{i}.png').convert('RGB'), dtype=np.float64)
        px = o.shape[0] * o.shape[1]
        base, var = [], {v: [] for v in variants}
        for k in [1, 2, 3, 4, 6, 8]:
            f = f'{folder}/k{i}_n{k}.png'
            d = np.asarray(Image.open(f).convert('RGB'), dtype=np.float64)
            bits = os.path.getsize(f.replace('.png', '.rnc')) * 8
            base.append((bits / px, psnr(o, d), db(msssim(o, d))))
            for v, a in variants.items():
                e, n = restore_fn(d, o, **a)
                var[v].append(((bits + 8 * (n + 13)) / px, psnr(o, e), db(msssim(o, e))))  # + chunk framing, kind
        b = np.array(base)
        for v in variants:
            a = np.array(var[v])
            res[v].append((bd(b[:, 0], b[:, 1], a[:, 0], a[:, 1]), bd(b[:, 0], b[:, 2], a[:, 0], a[:, 2])))
    return {v: np.array(r).mean(0) for v, r in res.items()}


if __name__ == '__main__':
    named = {v: dict(zip(('own_r', 'cross', 'bias', 'xr'), a)) for v, a in VARIANTS.items()}
    for v, (p, m) in bd_against_unfiltered(sys.argv[1], sys.argv[2], named, restore).items():
        print(f'{v:42s} PSNR BD {p:+.2f} %  MS-SSIM BD {m:+.2f} %')
