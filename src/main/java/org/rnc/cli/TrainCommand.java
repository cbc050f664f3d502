package org.rnc.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import org.rnc.training.Trainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train the recurrent codec on folders of photos (checkpoints every few minutes and on Ctrl-C).")
final class TrainCommand implements Callable<Integer> {
    @Option(names = "--data", required = true, split = ",", description = "Folders of training photos (png, jpg).")
    List<Path> data;
    @Option(names = "--run", required = true, description = "Run directory: checkpoints, state and log.csv.")
    Path run;
    @Option(names = "--preset", defaultValue = "small", description = "Width preset: tiny, small, medium, large, reference, or the study's model1 .. model4 (default ${DEFAULT-VALUE}).")
    String preset;
    @Option(names = "--cell", defaultValue = "lstm", description = "Recurrent cell of a new run: lstm or gru (default ${DEFAULT-VALUE}).")
    String cell;
    @Option(names = "--reconstruction", defaultValue = "additive", description = "additive or oneshot (default ${DEFAULT-VALUE}).")
    String reconstruction;
    @Option(names = "--residual-gain", defaultValue = "1", description = "Residual scaling: iteration t codes the residual times G^t (1 = off).")
    float residualGain;
    @Option(names = "--output-stage", description = "Channels of a full-resolution stage after the decoder's last "
            + "depth-to-space (3x3 convolution, ReLU, 3x3 convolution to RGB); 0: none (the default of a new run). A resumed "
            + "run without one grows one, starting as no change: a capacity fork.")
    Integer outputStage;
    @Option(names = "--ssim-weight", description = "Loss = (1-w) L1 + w (1-SSIM) per iteration (default 0: plain L1, or "
            + "a resumed run's own).")
    Float ssimWeight;
    @Option(names = "--mse-weight", description = "m in each iteration's distortion (1-m) D + m RMSE, D the L1 (or "
            + "L1/SSIM) term: a loss that pays for PSNR (default 0, or a resumed run's own).")
    Float mseWeight;
    @Option(names = "--ssim-weighting", description = "s in each pixel's distortion weight (1-s) + s (1-SSIM around it), "
            + "scaled to mean 1 per crop: L1 and RMSE pull hardest where the structure is wrong (Johnston et al. 2018); "
            + "0 to 1 (default 0, or a resumed run's own; a resumed run may change it).")
    Float ssimWeighting;
    @Option(names = "--priming", description = "Extra decoder steps on the first iteration's bits (Johnston et al. 2018): "
            + "decode time, no bits; 0 to 8 (default 0, or a resumed run's own; a resumed run may change it).")
    Integer priming;
    @Option(names = "--stop-masks", description = "Probability that a block of a training crop stops after a random "
            + "iteration (its codes 0, its pixels kept): trains for a spatially adaptive rate; 0 to 1 (default 0, or a "
            + "resumed run's own; a resumed run may change it).")
    Float stopMasks;
    @Option(names = "--distortion-weights", description = "How the loss weighs the iterations' distortions: uniform "
            + "(their sum, the reference), relative (each relative to its own size, as a loss of log distortion would) or "
            + "tail:K:W (iterations after the K-th weighted W, 0..1: less pull from the iterations past the range a model "
            + "is judged in); default uniform, or a resumed run's own.")
    String distortionWeights;
    @Option(names = "--train", description = "What trains: all (the reference), decoder (encoder and binariser "
            + "frozen, so the codes keep the statistics their entropy model learned while the decoder learns a new loss) "
            + "or encoder (the decoder frozen, so its files still decode with the decoder as it was); default all, or a "
            + "resumed run's own.")
    String train;
    @Option(names = "--widen-encoder", split = ",", description = "New widths for a resumed run's encoder (as many as "
            + "it has, none narrower, e.g. 32,128,256,256): a capacity fork on the side that costs no decode time; old "
            + "channels keep their weights, new ones start so that the codes are unchanged until the first step.")
    int[] widenEncoder;
    @Option(names = "--grow-hidden-kernels", split = ",", description = "New hidden-state kernels for a resumed run's "
            + "decoder cells, one per cell, each the run's own plus 0, 2, 4..: the old kernel stays at the centre, the "
            + "new taps start at 0, so the outputs are unchanged until the first step (e.g. 3,1,3,3: the cell at H/16 "
            + "sees its neighbours' state).")
    int[] growHiddenKernels;
    @Option(names = "--reshape-decoder", split = ",", description = "New widths for a resumed run's decoder cells, one "
            + "per cell (those before a depth-to-space multiples of 4, e.g. 192,192,56,28): a warm start for another "
            + "split of width between scales. A growing cell keeps its units and adds new ones that change nothing until "
            + "the first step; a shrinking one keeps the output channels the next layer weighs most.")
    int[] reshapeDecoder;
    @Option(names = "--encoder-widths", split = ",", description = "A new run's encoder widths instead of its "
            + "preset's (as many, e.g. 16,76,148,148: GRU cells at the small preset's multiply-adds).")
    int[] encoderWidths;
    @Option(names = "--decoder-widths", split = ",", description = "A new run's decoder widths instead of its "
            + "preset's (as many; the last three multiples of 4, e.g. 148,148,76,36).")
    int[] decoderWidths;
    @Option(names = "--hard-crops", description = "Each training crop the hardest of K random ones, by the deflated "
            + "size of its left differences (the \"high entropy\" patches of Toderici et al. 2017); 1 to "
            + Trainer.MAX_HARD_CROPS + ", default 1 (random crops), or a resumed run's own.")
    Integer hardCrops;
    @Option(names = "--rate-weight", description = "Lambda of a rate term: loss = L1 + lambda x estimated entropy-coded "
            + "bits per code (default 0, or a resumed run's own).")
    Float rateWeight;
    @Option(names = "--rate-schedule", description = "How the rate term weighs the iterations: uniform, gain (each "
            + "iteration's bits priced by the L1 it removes) or gain^G (by that L1 to the power G). Default: uniform, or a resumed run's own.")
    String rateSchedule;
    @Option(names = "--binarizer", description = "stochastic (the reference) or deterministic (plain sign, as the plugin codes; "
            + "for fine-tuning). Default: stochastic, or a resumed run's own.")
    String binarizer;
    @Option(names = "--iterations", defaultValue = "8", description = "Iterations unrolled in training (default ${DEFAULT-VALUE}).")
    int iterations;
    @Option(names = "--batch", description = "Crops per step (default 32, or a resumed run's own).") Integer batch;
    @Option(names = "--patch", description = "Crop size in pixels, a multiple of 16 (default 32, or a resumed run's own).") Integer patch;
    @Option(names = "--lr", description = "Learning rate at step 0 (default 5e-4, or a resumed run's own).") Float lr;
    @Option(names = "--halve-every", description = "Halve the learning rate every N steps, at most 4 times (default 40000, "
            + "or a resumed run's own).")
    Long halveEvery;
    @Option(names = "--steps", description = "Stop at this total step count.") Long steps;
    @Option(names = "--minutes", description = "Stop after this many minutes of this invocation.") Double minutes;
    @Option(names = "--cpu-hours", description = "Stop when the run has used this much CPU time in all (every "
            + "invocation, all threads): a budget for equal-compute comparisons.") Double cpuHours;
    @Option(names = "--checkpoint-minutes", defaultValue = "5") double checkpointMinutes;
    @Option(names = "--validate-every", defaultValue = "500") int validateEvery;
    @Option(names = "--seed", defaultValue = "1") long seed;
    @Option(names = "--intra-threads", defaultValue = "0", description = "TensorFlow intra-op threads (0: default).") int intra;
    @Option(names = "--inter-threads", defaultValue = "0", description = "TensorFlow inter-op threads (0: default).") int inter;
    @Option(names = "--resume", description = "Continue the run in --run from its last checkpoint.") boolean resume;

    @Override
    public Integer call() throws Exception {
        Trainer.Options o = new Trainer.Options();
        o.data = data;
        o.runDir = run;
        o.preset = preset;
        o.iterations = iterations;
        o.batch = batch;
        o.patch = patch;
        if ((patch != null && (patch <= 0 || patch % 16 != 0)) || (batch != null && batch <= 0)) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "--patch must be a positive multiple of 16 and --batch positive");
        }
        if ((lr != null && !(lr > 0)) || (halveEvery != null && halveEvery <= 0))
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "--lr and --halve-every must be positive");
        o.learningRate = lr;
        o.cell = cell;
        o.reconstruction = reconstruction;
        o.residualGain = residualGain;
        o.outputStage = outputStage;
        o.ssimWeight = ssimWeight;
        o.rateWeight = rateWeight;
        checkShare("--mse-weight", mseWeight);
        o.mseWeight = mseWeight;
        checkShare("--ssim-weighting", ssimWeighting);
        o.ssimWeighting = ssimWeighting;
        if (priming != null && (priming < 0 || priming > 8))
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "--priming must be 0 to 8");
        o.priming = priming;
        checkShare("--stop-masks", stopMasks);
        o.stopMasks = stopMasks;
        check("--distortion-weights", distortionWeights, Trainer::checkDistortionWeights);
        o.distortionWeights = distortionWeights;
        if (train != null && !train.equals(Trainer.TRAIN_ALL) && !train.equals(Trainer.TRAIN_DECODER)
                && !train.equals(Trainer.TRAIN_ENCODER))
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "--train must be all, decoder or encoder");
        o.train = train;
        if (widenEncoder != null && !resume)
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "--widen-encoder widens a resumed run (--resume)");
        if (growHiddenKernels != null && !resume)
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "--grow-hidden-kernels grows a resumed run (--resume)");
        if (reshapeDecoder != null && !resume)
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "--reshape-decoder reshapes a resumed run (--resume)");
        o.encoderWidths = widenEncoder;
        o.reshapeDecoder = reshapeDecoder;
        if ((encoderWidths != null || decoderWidths != null) && resume)
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                    "--encoder-widths and --decoder-widths shape a new run; a resumed run keeps its widths");
        o.newEncoderWidths = encoderWidths;
        o.newDecoderWidths = decoderWidths;
        if (hardCrops != null && (hardCrops < 1 || hardCrops > Trainer.MAX_HARD_CROPS))
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                    "--hard-crops must be 1 to " + Trainer.MAX_HARD_CROPS);
        o.hardCrops = hardCrops;
        o.decoderHiddenKernels = growHiddenKernels;
        check("--rate-schedule", rateSchedule, Trainer::rateScheduleExponent);
        o.rateSchedule = rateSchedule;
        if (binarizer != null && !binarizer.equals("stochastic") && !binarizer.equals("deterministic")) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "--binarizer: stochastic or deterministic, not " + binarizer);
        }
        o.deterministicBits = binarizer == null ? null : binarizer.equals("deterministic");
        o.halveEvery = halveEvery;
        if (steps != null) o.maxSteps = steps;
        if (minutes != null) o.maxMinutes = minutes;
        if (cpuHours != null) o.maxCpuHours = cpuHours;
        o.checkpointMinutes = checkpointMinutes;
        o.validateEvery = validateEvery;
        o.seed = seed;
        o.resume = resume;
        o.intraThreads = intra;
        o.interThreads = inter;
        new Trainer(o).run();
        return 0;
    }

    /** A value given for {@code option} (null: not given) outside 0..1 is a usage error naming the option. */
    private void checkShare(String option, Float value) {
        if (value != null && !(value >= 0 && value <= 1))
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), option + " must be between 0 and 1");
    }

    /** A value given for {@code option} (null: not given) that {@code check} rejects is a usage error naming the option. */
    private void check(String option, String value, java.util.function.Consumer<String> check) {
        if (value == null) return;
        try {
            check.accept(value);
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), option + ": " + e.getMessage());
        }
    }
}
