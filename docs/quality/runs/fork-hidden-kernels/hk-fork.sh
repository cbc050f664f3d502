#!/bin/bash
# usage (from the repository root): bash docs/quality/runs/fork-hidden-kernels/hk-fork.sh NAME KERNELS  — grows the decoder hidden kernels on rnc2-continued (54,826) and follows pw0's schedule in steps
N=$1; K=$2; R=/tmp/$N
rm -rf $R && mkdir -p $R && cp docs/quality/runs/rnc2-continued/{ckpt-54826.*,state.properties,log.csv,train.log} $R/
J="nice java -jar target/rnc-cli.jar train --data ../shared/data/train --run $R --resume --iterations 16 --halve-every 1000000000 --intra-threads 1 --inter-threads 1 --checkpoint-minutes 10"
{ date; echo "== $R --grow-hidden-kernels $K --lr 1.25e-4 --steps 56535"
  $J --grow-hidden-kernels $K --lr 1.25e-4 --steps 56535
  date; echo "== $R --lr 1.25e-5 --steps 57622"
  $J --lr 1.25e-5 --steps 57622
  date; echo done; } > $R.console 2>&1
