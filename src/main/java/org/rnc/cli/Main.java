package org.rnc.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code java -jar target/rnc-cli.jar <command>}: one entry point over the library's API. */
@Command(name = "rnc", mixinStandardHelpOptions = true, version = "rnc 0.1.0",
        description = "Recurrent neural image codec for Java ImageIO.",
        subcommands = {EncodeCommand.class, DecodeCommand.class, InfoCommand.class, DemoCommand.class,
                BenchCommand.class, BenchEntropyCommand.class, BenchEntropyParityCommand.class, BenchThumbnailsCommand.class, BenchAdaptiveCommand.class, UpgradeCommand.class, BenchResourcesCommand.class, BenchTrainCommand.class, ConformanceCommand.class,
                TrainCommand.class, ExportCommand.class, TrainEntropyCommand.class, ExportEntropyCommand.class, TrainPostFilterCommand.class, StudyCommand.class,
                StudioCommand.class})
public final class Main implements Runnable {

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    public static void main(String[] args) {
        int code = new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true)
                // a failed command says what went wrong in one line; -Drnc.debug=true adds the stack trace
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    cmd.getErr().println("rnc " + cmd.getCommandName() + ": " + (e.getMessage() != null ? e.getMessage() : e));
                    if (Boolean.getBoolean("rnc.debug")) e.printStackTrace(cmd.getErr());
                    return 1;
                })
                .execute(args);
        System.exit(code);
    }
}
