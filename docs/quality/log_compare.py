"""Two or more training runs' validation PSNR side by side at the steps all their logs hold (log.csv of `rnc train`:
validation PSNR after each iteration on the same held-out crops), and each run's difference from the first.
Runs from scratch are compared step for step; a fork against its control at equal steps.

    python3 docs/quality/log_compare.py [--iterations 1,2,4,8,16] [--every 1000] RUN1/log.csv RUN2/log.csv [...]
"""
import csv, sys


def load(path):
    rows = {}
    for r in csv.DictReader(open(path)):
        rows[int(r['step'])] = {int(k[len('val_psnr_'):]): float(v) for k, v in r.items()
                                if k.startswith('val_psnr_') and v not in (None, '')}
    return rows


args = sys.argv[1:]
iterations, every = [1, 2, 4, 8, 16], 1000
while args and args[0].startswith('--'):
    if len(args) < 2:
        sys.exit(__doc__)
    flag, value = args[0], args[1]
    args = args[2:]
    if flag == '--iterations':
        iterations = [int(x) for x in value.split(',')]
    elif flag == '--every':
        every = int(value)
    else:
        sys.exit('unknown option ' + flag)
if len(args) < 2:
    sys.exit(__doc__)
logs = [load(p) for p in args]
steps = sorted(set.intersection(*(set(s for s in log if s % every == 0) for log in logs)))
head = ['step'] + ['run %d it %d' % (i + 1, t) for i in range(len(logs)) for t in iterations]
head += ['run %d - run 1, it %d' % (i + 1, t) for i in range(1, len(logs)) for t in iterations]
print('| ' + ' | '.join(head) + ' |')
print('|' + '---:|' * len(head))
for s in steps:
    cells = [str(s)]
    cells += ['%.3f' % log[s][t] if t in log[s] else '' for log in logs for t in iterations]
    cells += ['%+.3f' % (log[s][t] - logs[0][s][t]) if t in log[s] and t in logs[0][s] else ''
              for log in logs[1:] for t in iterations]
    print('| ' + ' | '.join(cells) + ' |')
for i, p in enumerate(args):
    print('run %d: %s' % (i + 1, p))
