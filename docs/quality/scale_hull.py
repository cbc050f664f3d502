"""Coding at reduced resolution (ScaleProbe.java): quality gained at fixed rates per scale (mean over the images where
both curves reach the rate, their count in brackets), and BD-rate against the writer's
default of each scale alone and of the best scale per rate (the upper hull over all scales' points, per image).

    python3 docs/quality/scale_hull.py BASE.csv BASE_CODEC PROBE.csv...
"""
import collections, csv, os, sys
import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bdrate import bd, db, at_rate

base_codec = sys.argv[2]
pts = collections.defaultdict(lambda: collections.defaultdict(list))
for path in [sys.argv[1]] + sys.argv[3:]:
    for r in csv.DictReader(open(path)):
        if path == sys.argv[1] and r['codec'] != base_codec:
            continue
        pts[r['codec']][r['image']].append((float(r['bpp']), float(r['psnr']), float(db(float(r['msssim'])))))
images = sorted(set.intersection(*[set(v) for k, v in pts.items() if k != base_codec]))
codecs = sorted(pts, key=lambda c: (c != base_codec, c))


def hull(points, q):
    out, best = [], -1e9
    for p in sorted(points):
        if p[q] > best:
            out.append(p)
            best = p[q]
    return out


print('| codec | PSNR gain (dB) @ 0.125 / 0.25 / 0.5 / 1 bpp | MS-SSIM gain (dB) @ 0.125 / 0.25 / 0.5 / 1 bpp | BD-rate vs %s, PSNR / MS-SSIM |' % base_codec)
print('|---|---|---|---:|')
rows = [(c, lambda im, q, c=c: sorted(pts[c][im])) for c in codecs]
rows.append(('best scale per rate (hull)', lambda im, q: hull([p for c in codecs for p in pts[c][im]], q)))
for name, get in rows:
    cells = []
    for q in (1, 2):
        vals = []
        for b in (0.125, 0.25, 0.5, 1):
            d = [at_rate([(p[0], p[q]) for p in get(im, q)], b) - at_rate([(p[0], p[q]) for p in pts[base_codec][im]], b)
                 for im in images]
            d = [v for v in d if v == v]
            vals.append('%+.2f (%d)' % (np.mean(d), len(d)) if d else '—')
        cells.append(' / '.join(vals))
    bds = []
    for q in (1, 2):
        v = [bd([p[0] for p in sorted(pts[base_codec][im])], [p[q] for p in sorted(pts[base_codec][im])],
                [p[0] for p in get(im, q)], [p[q] for p in get(im, q)]) for im in images]
        bds.append('%+.1f %%' % np.nanmean(v))
    print('| %s | %s | %s | %s |' % (name, cells[0], cells[1], ' / '.join(bds)))
print('(%d images)' % len(images))
