package org.rnc.cli;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;

import org.rnc.codec.FormatUpgrade;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "upgrade", mixinStandardHelpOptions = true,
        description = "Rewrite an .rnc file in the current format version with the same codes (same pixels); "
                + "format 1 files must be upgraded on a machine that decodes them.")
final class UpgradeCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "Input .rnc file.") Path input;
    @Parameters(index = "1", description = "Output .rnc file (may be the input).") Path output;

    @Override
    public Integer call() throws Exception {
        Path tmp = Files.createTempFile(output.toAbsolutePath().getParent(), ".rnc-upgrade-", ".tmp");
        try {
            FormatUpgrade.Result r;
            try (InputStream in = new BufferedInputStream(Files.newInputStream(input));
                 OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp))) {
                r = FormatUpgrade.upgrade(in, out);
            }
            try {
                // the temporary file is private to its owner; the result gets the input's permissions
                Files.setPosixFilePermissions(tmp, Files.getPosixFilePermissions(input));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system: keep the defaults
            }
            Files.move(tmp, output, StandardCopyOption.REPLACE_EXISTING);
            System.out.printf("%s: format %d %s%s -> format %d %s%s, %d bytes%n", output, r.from().version(), r.from().coding(),
                    r.from().entropyModel() == null ? "" : " (" + r.from().entropyModel().shortForm() + ")", r.to().version(),
                    r.to().coding(), r.to().entropyModel() == null ? "" : " (" + r.to().entropyModel().shortForm() + ")",
                    r.bytesWritten());
            return 0;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
