"""Bytes saved per file between two `rnc bench` points files of the same images and settings (codec rnc-adaptive), by
cap, and how many points changed quality: e.g. one container format against another for the same codes.

    python3 docs/quality/bytes_saved.py BEFORE.csv AFTER.csv
"""
import csv, sys, collections, statistics as st
old = {(r['image'], r['setting']): r for r in csv.DictReader(open(sys.argv[1])) if r['codec'] == 'rnc-adaptive'}
new = {(r['image'], r['setting']): r for r in csv.DictReader(open(sys.argv[2])) if r['codec'] == 'rnc-adaptive'}
by = collections.defaultdict(list)
changed = 0; tot = 0
for k, n in new.items():
    o = old[k]; cap = int(k[1][2:])
    d = int(o['bytes']) - int(n['bytes'])
    by[cap].append((d, d / int(o['bytes']) * 100, float(o['bpp'])))
    tot += 1
    if abs(float(o['psnr']) - float(n['psnr'])) > 1e-9 or abs(float(o['msssim']) - float(n['msssim'])) > 1e-12: changed += 1
print('| cap | mean bpp (before) | bytes saved per file: mean (min-max) | saved, % of the file (mean) |')
print('|---:|---:|---|---:|')
for cap in sorted(by):
    v = by[cap]
    print('| %d | %.3f | %.0f (%d-%d) | %.2f %% |' % (cap, st.mean(x[2] for x in v), st.mean(x[0] for x in v), min(x[0] for x in v), max(x[0] for x in v), st.mean(x[1] for x in v)))
print('points whose PSNR or MS-SSIM changed (another filter choice):', changed, 'of', tot)
