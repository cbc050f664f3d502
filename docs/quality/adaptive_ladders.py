"""Which (block target, iteration cap) pairs make a good quality ladder for the adaptive rate.

Input: the cloud CSV of AdaptiveCloud.java (every target x cap on some images) and a `rnc bench` points.csv with
`jpeg` and `rnc` on the same images. Prints BD-rates (Bjontegaard, cubic fit of log rate over quality, the overlap
of the quality ranges, per image then averaged: the method of org.rnc.bench.BdRate) of ladders against JPEG and
against the uniform codec (every block at k), each ladder's decoder passes at 0.5 bpp against the uniform codec's,
and its decode time at 0.5 bpp against rnc-default's ladder in the same cloud (the cloud's progressive reads: one
run, so the ratio holds even on a busy machine; the points file's times come from another run).

    python3 docs/quality/adaptive_ladders.py CLOUD.csv POINTS.csv
"""
import collections, csv, sys
import numpy as np

from bdrate import at_rate, bd, db


cloud = collections.defaultdict(dict)
decode_ms = collections.defaultdict(dict)
for r in csv.DictReader(open(sys.argv[1])):
    cloud[r['image']][(float(r['target']), int(r['k']))] = (float(r['bpp']), float(r['psnr']), float(r['msssim']))
    decode_ms[r['image']][(float(r['target']), int(r['k']))] = float(r['decode_ms'])
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


def keys(tk):
    return [(targets[0], k) for k in (1, 2, 3)] + [(tk(k), k) for k in range(4, 17)]


def ladder(tk):
    """Caps 1..16 with target tk(k) (from the measured targets) for caps 4..16; caps 1..3 code every block."""
    f = lambda im: [point(im, t, k) for t, k in keys(tk)]
    f.tk = tk
    return f


def decode_ms_at(im, tk, bpp=0.5):
    """A ladder's decode time (the cloud's progressive reads) at a rate, interpolated in log rate."""
    return at_rate([(point(im, t, k)[0], decode_ms[im].get((t, k)) or decode_ms[im][(t, max(kk for tt, kk in cloud[im] if tt == t))])
                    for t, k in keys(tk)], bpp)


def snap(t):
    return min(targets, key=lambda x: abs(x - t))


def passes_at(pts, bpp=0.5):
    """Decoder passes (the cap k) at a rate, interpolated in log rate along a ladder's points (k = 1, 2, ...)."""
    return at_rate([(p[0], k + 1) for k, p in enumerate(pts)], bpp)


uniform = lambda im: sorted(points[('rnc', im)])
base = np.mean([passes_at(uniform(im)) for im in images])
old_writer = [24, 27, 30, 33, 36] + [40] * 8  # rnc-default's ladder (RncImageWriteParam.blockTargetFor before rnc-2), caps 4..16
print('%d images, targets %s; uniform RNC needs %.2f decoder passes at 0.5 bpp' % (len(images), targets, base))
print('| ladder | PSNR range (dB) | BD vs JPEG, PSNR | BD vs JPEG, MS-SSIM (dB) | BD vs uniform RNC, PSNR | BD vs uniform RNC, '
      'MS-SSIM (dB) | decoder passes at 0.5 bpp | decode time at 0.5 bpp |')
print('|---|---|---:|---:|---:|---:|---:|---:|')
rows = [('uniform RNC (every block at k = 1..16)', uniform), ('one target per point, cap 16', uncapped)] + \
       [('one target per point, cap %d' % c, capped(c)) for c in (6, 8, 10)] + \
       [('cap k, the measured targets spread evenly over k = 4..16', ladder(
           lambda k: targets[min(len(targets) - 1, (k - 4) * len(targets) // 13)]))]
formulas = ((15, 1.5), (18, 1.5), (12, 2), (14, 2), (16, 2), (20, 2), (12, 2.5), (16, 2.5), (18, 3))
if targets[0] > 1:  # PSNR targets: the formula ladders and the writer's
    old = ladder(lambda k: snap(old_writer[k - 4]))
    rows += [('cap k, target max(24, %g + %g k) up to 40%s' % (a, b, ' (the writer\'s since rnc-2)' if (a, b) == (12, 2) else ''), ladder(lambda k, a=a, b=b: snap(min(40, max(24, a + b * k)))))
             for a, b in formulas] + \
            [('cap k, target 24, 27, 30, 33, 36 dB at k = 4..8, then 40 (rnc-default\'s writer)', old)]
    old_ms = [decode_ms_at(im, old.tk) for im in images]
for name, lad in rows:
    top = np.mean([max(lad(im))[1] for im in images])
    j, u = bd_against('jpeg', lad), bd_against('rnc', lad)
    k = np.mean([passes_at(lad(im)) for im in images]) if lad not in (uncapped,) and 'one target' not in name else float('nan')
    rel = '—'
    if hasattr(lad, 'tk') and targets[0] > 1:
        rel = '%.2fx' % np.nanmean([decode_ms_at(im, lad.tk) / o for im, o in zip(images, old_ms)])
    print('| %s | up to %.2f | %+.1f %% | %+.1f %% | %+.1f %% | %+.1f %% | %s | %s |' % (name, top, j[0], j[1], u[0], u[1],
          'every file 16' if lad is uncapped else '—' if np.isnan(k) else '%.2f (%.2fx)' % (k, k / base), rel))
