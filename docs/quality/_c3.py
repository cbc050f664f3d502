"""BD-rate of one codec's points against another's, per image and their mean, from `rnc bench` points.csv files (the
same images); the method of org.rnc.bench.BdRate (cubic fit of log rate over quality, per image, averaged).

    python3 docs/quality/codec_bd.py BASE.csv BASE_CODEC NEW.csv NEW_CODEC
"""
import collections, csv, os, sys
import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bdrate import bd, db


def load(path, codec):
    pts = collections.defaultdict(list)
    for r in csv.DictReader(open(path)):
        if r['codec'] == codec:
            pts[r['image']].append((float(r['bpp']), float(r['psnr']), float(db(float(r['msssim'])))))
    return pts


base, new = load(sys.argv[1], sys.argv[2]), load(sys.argv[3], sys.argv[4])
res = {1: [], 2: []}
for im in sorted(new):
    line = []
    for q in (1, 2):
        r, t = sorted(base[im]), sorted(new[im])
        v = bd([p[0] for p in r], [p[q] for p in r], [p[0] for p in t], [p[q] for p in t])
        res[q].append(v)
        line.append('%+.1f %%' % v)
    print(im, 'PSNR', line[0], 'MS-SSIM (dB)', line[1])
print('mean over %d images: %s against %s: PSNR %+.2f %%, MS-SSIM (dB) %+.2f %%'
      % (len(new), sys.argv[4], sys.argv[2], np.nanmean(res[1]), np.nanmean(res[2])))
