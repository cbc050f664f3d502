"""Where on the rate axis a codec wins or loses against JPEG (issue 17): for each codec and each rate b, the codec's
quality at b (per image, interpolated in log rate), then the bytes JPEG needs for that quality, as a ratio
(b / JPEG's bpp; below 1 the codec needs fewer bytes), averaged over the images where JPEG's curve reaches it.
BD-rate averages this over the whole overlap; this shows which end carries it.

    python3 docs/quality/ratio_by_rate.py POINTS.csv [codec ...]
"""
import collections
import csv
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bdrate import db  # noqa: E402

RATES = [0.125, 0.25, 0.5, 0.75, 1.0]

pts = collections.defaultdict(list)
for r in csv.DictReader(open(sys.argv[1])):
    pts[(r['codec'], r['image'])].append((float(r['bpp']), float(r['psnr']), float(db(float(r['msssim'])))))
images = sorted({i for _, i in pts})
codecs = sys.argv[2:] or sorted({c for c, _ in pts if c != 'jpeg'})
print('| codec | metric | ' + ' | '.join('@ %g bpp' % b for b in RATES) + ' |')
print('|---|---|' + '---:|' * len(RATES))
for codec in codecs:
    for q, name in ((2, 'MS-SSIM'), (1, 'PSNR')):
        ratios = []
        for im in images:
            a, j = sorted(pts[(codec, im)]), sorted(pts[('jpeg', im)])
            if not a or not j:
                continue
            ra, qa = np.log([p[0] for p in a]), np.array([p[q] for p in a])
            qj, rj = np.array([p[q] for p in j]), np.log([p[0] for p in j])
            o = np.argsort(qj)
            row = []
            for b in RATES:
                if np.log(b) < ra.min() or np.log(b) > ra.max():
                    row.append(np.nan)
                    continue
                qq = np.interp(np.log(b), ra, qa)
                row.append(np.nan if qq < qj.min() or qq > qj.max() else b / np.exp(np.interp(qq, qj[o], rj[o])))
            ratios.append(row)
        r = np.array(ratios)
        cells = ['%.2f (%d)' % (np.nanmean(r[:, k]), np.sum(~np.isnan(r[:, k]))) if np.any(~np.isnan(r[:, k])) else '—'
                 for k in range(len(RATES))]
        print('| %s | %s | %s |' % (codec, name, ' | '.join(cells)))
