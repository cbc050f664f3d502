"""BD-rates of CodeSearch.java's searched points against its plain points, per image and their mean.
python3 docs/quality/code_search_bd.py CODESEARCH.csv"""
import csv, sys, collections
import numpy as np
sys.path.insert(0, '/work/main/docs/quality')
from bdrate import bd, db
rows = list(csv.DictReader(open(sys.argv[1])))
by = collections.defaultdict(lambda: collections.defaultdict(list))
for r in rows: by[r['mode']][r['image']].append(r)
for mode in by:
    if mode == 'plain': continue
    res = {'psnr': [], 'msssim': []}
    for im, pts in sorted(by[mode].items()):
        base = sorted(by['plain'][im], key=lambda r: int(r['k'])); pts = sorted(pts, key=lambda r: int(r['k']))
        line = [im]
        for q in res:
            f = (lambda v: float(db(v))) if q == 'msssim' else (lambda v: v)
            v = bd([int(r['bytes']) for r in base], [f(float(r[q])) for r in base], [int(r['bytes']) for r in pts], [f(float(r[q])) for r in pts])
            res[q].append(v); line.append('%s %+.1f %%' % (q, v))
        print(mode, *line)
    print(mode, 'mean over', len(res['psnr']), 'images: BD-rate vs plain, PSNR %+.1f %%, MS-SSIM (dB) %+.1f %% (nan-mean)' % (np.nanmean(res['psnr']), np.nanmean(res['msssim'])))
