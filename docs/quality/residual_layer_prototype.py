"""Prototype (issue 17): would a classical residual layer after the network's iterations beat more iterations at high
rates? RNC's quality per byte falls behind JPEG 2000 and WebP from about 0.5 bpp up (ratio_by_rate.py), and it tops
out near 30 dB. Here the residual (source - the decode of a k-iteration file without a filter) is coded with JPEG
(Pillow, 4:4:4, optimised Huffman tables, quality q, offset 128 and scale s), its bytes added to the file's, and the
result compared with the same images' RNC, JPEG and JPEG 2000 curves from a bench run: quality at equal rate, per
image, interpolated in log rate.

    python3 docs/quality/residual_layer_prototype.py KODAK DIR POINTS.csv
DIR holds k{01,...}_n{k}.rnc/.png as for restoration_prototype.py; POINTS.csv a bench run with rnc-adaptive-nofilter,
jpeg and jpeg2000 on the same images.
"""
import collections
import csv
import io
import os
import sys

import numpy as np
from PIL import Image

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bdrate import db  # noqa: E402
from restoration_prototype import msssim, psnr  # noqa: E402

IMAGES = ['01', '04', '08', '13', '19', '23']
CAPS = [4, 6, 8]
QUALITIES = [5, 10, 20, 35, 50]
SCALE = 1.0
RATES = [0.4, 0.5, 0.75, 1.0, 1.5]


def curve(points):
    p = sorted(points)
    return np.log([x[0] for x in p]), np.array([x[1] for x in p]), np.array([x[2] for x in p])


def at(c, b):
    r, q1, q2 = c
    if np.log(b) < r.min() or np.log(b) > r.max():
        return np.nan, np.nan
    return np.interp(np.log(b), r, q1), np.interp(np.log(b), r, q2)


if __name__ == '__main__':
    kodak, folder, bench = sys.argv[1:4]
    ref = collections.defaultdict(list)
    for row in csv.DictReader(open(bench)):
        ref[(row['codec'], row['image'])].append((float(row['bpp']), float(row['psnr']), db(float(row['msssim']))))
    table = collections.defaultdict(list)
    for i in IMAGES:
        o = np.asarray(Image.open(f'{kodak}/kodim{i}.png').convert('RGB'), dtype=np.float64)
        px = o.shape[0] * o.shape[1]
        hybrid = []
        for k in CAPS:
            d = np.asarray(Image.open(f'{folder}/k{i}_n{k}.png').convert('RGB'), dtype=np.float64)
            base = os.path.getsize(f'{folder}/k{i}_n{k}.rnc')
            for q in QUALITIES:
                res = np.clip(np.round((o - d) * SCALE + 128), 0, 255).astype(np.uint8)
                buf = io.BytesIO()
                Image.fromarray(res).save(buf, 'JPEG', quality=q, subsampling=0, optimize=True)
                back = np.asarray(Image.open(io.BytesIO(buf.getvalue())).convert('RGB'), dtype=np.float64)
                e = np.clip(np.round(d + (back - 128) / SCALE), 0, 255)
                hybrid.append(((base + len(buf.getvalue())) * 8 / px, psnr(o, e), db(msssim(o, e))))
        # the hybrid's curve: its lower envelope in rate (keep points that no cheaper point beats), per metric
        curves = {'rnc-adaptive-nofilter': curve(ref[('rnc-adaptive-nofilter', f'kodim{i}')]),
                  'jpeg': curve(ref[('jpeg', f'kodim{i}')]), 'jpeg2000': curve(ref[('jpeg2000', f'kodim{i}')])}
        for m in (1, 2):
            env, best = [], -1e9
            for p in sorted(hybrid):
                if p[m] > best:
                    env.append(p)
                    best = p[m]
            r = np.log([p[0] for p in env])
            qs = np.array([p[m] for p in env])
            for b in RATES:
                v = np.interp(np.log(b), r, qs) if r.min() <= np.log(b) <= r.max() else np.nan
                table[('rnc + JPEG residual', m, b)].append(v)
                for name, c in curves.items():
                    table[(name, m, b)].append(at(c, b)[m - 1])
    for m, name in ((1, 'PSNR (dB)'), (2, 'MS-SSIM (dB)')):
        print(f'\n{name} at equal rate against JPEG 2000: mean difference over the images where both reach the rate (count)')
        print('| codec | ' + ' | '.join(f'{b} bpp' for b in RATES) + ' |')
        print('|---|' + '---:|' * len(RATES))
        for codec in ('rnc-adaptive-nofilter', 'rnc + JPEG residual', 'jpeg'):
            cells = []
            for b in RATES:
                v = np.array(table[(codec, m, b)], dtype=float) - np.array(table[('jpeg2000', m, b)], dtype=float)
                cells.append('%+.2f (%d)' % (np.nanmean(v), np.sum(~np.isnan(v))) if np.any(~np.isnan(v)) else '—')
            print(f'| {codec} | ' + ' | '.join(cells) + ' |')
