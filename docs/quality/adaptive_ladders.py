"""Which (block target, iteration cap) pairs make a good quality ladder for the adaptive rate.

Input: the cloud CSV of AdaptiveCloud.java (every target x cap on some images) and a `rnc bench` points.csv with
`jpeg` and `rnc` on the same images. Prints BD-rates (Bjontegaard, cubic fit of log rate over quality, the overlap
of the quality ranges, per image then averaged: the method of org.rnc.bench.BdRate) of ladders against JPEG and
against the uniform codec (every block at k).

    python3 docs/quality/adaptive_ladders.py CLOUD.csv POINTS.csv
"""
import collections, csv, sys
import numpy as np

from bdrate import bd, db


cloud = collections.defaultdict(dict)
for r in csv.DictReader(open(sys.argv[1])):
    cloud[r['image']][(float(r['target']), int(r['k']))] = (float(r['bpp']), float(r['psnr']), float(r['msssim']))
points = collections.defaultdict(list)
for r in csv.DictReader(open(sys.argv[2])):
    points[(r['codec'], r['image'])].append((float(r['bpp']), float(r['psnr']), float(r['msssim'])))
images = sorted(cloud)
targets = sorted({t for im in images for t, _ in cloud[im]})


def point(im, t, k):
    """The file capped at k with target t: the last iteration there is if every block stopped before k."""
    c = cloud[im]
    return c.get((t, k)) or c[(t, max(kk for tt, kk in c if tt == t))]


def bd_against(codec, ladder):
    p, m = [], []
    for im in images:
        ref, pl = sorted(points[(codec, im)]), sorted(ladder(im))
        p.append(bd([x[0] for x in ref], [x[1] for x in ref], [x[0] for x in pl], [x[1] for x in pl]))
        m.append(bd([x[0] for x in ref], db([x[2] for x in ref]), [x[0] for x in pl], db([x[2] for x in pl])))
    return np.nanmean(p), np.nanmean(m)


def uncapped(im):
    return [point(im, targets[0], k) for k in (1, 2, 3)] + [point(im, t, 16) for t in targets]


def capped(cap):
    return lambda im: [point(im, targets[0], k) for k in (1, 2, 3)] + [point(im, t, cap) for t in targets]


def ladder(tk):
    """Caps 1..16 with target tk(k) (from the measured targets) for caps 4..16; caps 1..3 code every block."""
    return lambda im: [point(im, targets[0], k) for k in (1, 2, 3)] + [point(im, tk(k), k) for k in range(4, 17)]


def snap(t):
    return min(targets, key=lambda x: abs(x - t))


def passes_at(pts, bpp=0.5):
    """Decoder passes (the cap k) at a rate, interpolated in log rate along a ladder's points (k = 1, 2, ...)."""
    kb = sorted(((k + 1, p[0]) for k, p in enumerate(pts)), key=lambda x: x[1])
    for (k1, b1), (k2, b2) in zip(kb, kb[1:]):
        if b1 <= bpp <= b2:
            return k1 + (np.log(bpp) - np.log(b1)) / (np.log(b2) - np.log(b1)) * (k2 - k1)
    return float('nan')


uniform = lambda im: sorted(points[('rnc', im)])
base = np.mean([passes_at(uniform(im)) for im in images])
writer = [24, 27, 30, 33, 36] + [40] * 8  # RncImageWriteParam.blockTargetFor, caps 4..16
print('%d images, targets %s; uniform RNC needs %.2f decoder passes at 0.5 bpp' % (len(images), targets, base))
print('| ladder | PSNR range (dB) | BD vs JPEG, PSNR | BD vs JPEG, MS-SSIM (dB) | BD vs uniform RNC, PSNR | BD vs uniform RNC, MS-SSIM (dB) | decoder passes at 0.5 bpp |')
print('|---|---|---:|---:|---:|---:|---:|')
rows = [('uniform RNC (every block at k = 1..16)', uniform), ('one target per point, cap 16', uncapped)] + \
       [('one target per point, cap %d' % c, capped(c)) for c in (6, 8, 10)] + \
       [('cap k, the measured targets spread evenly over k = 4..16', ladder(
           lambda k: targets[min(len(targets) - 1, (k - 4) * len(targets) // 13)]))]
if targets[0] > 1:  # PSNR targets: the formula ladders and the writer's
    rows += [('cap k, target max(24, %g + %g k)' % (a, b), ladder(lambda k, a=a, b=b: snap(max(24, a + b * k))))
             for a, b in ((15, 1.5), (18, 1.5), (12, 2), (20, 2))] + \
            [('cap k, target 24, 27, 30, 33, 36 dB at k = 4..8, then 40 (the writer\'s)', ladder(lambda k: snap(writer[k - 4])))]
for name, lad in rows:
    top = np.mean([max(lad(im))[1] for im in images])
    j, u = bd_against('jpeg', lad), bd_against('rnc', lad)
    k = np.mean([passes_at(lad(im)) for im in images]) if lad not in (uncapped,) and 'one target' not in name else float('nan')
    print('| %s | up to %.2f | %+.1f %% | %+.1f %% | %+.1f %% | %+.1f %% | %s |' % (name, top, j[0], j[1], u[0], u[1],
          'every file 16' if lad is uncapped else '—' if np.isnan(k) else '%.2f (%.2fx)' % (k, k / base)))
