package org.rnc.studio;

import java.awt.BorderLayout;
import java.awt.FlowLayout;
import java.awt.GridLayout;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.imageio.ImageIO;
import javax.swing.BorderFactory;
import javax.swing.JButton;
import javax.swing.JLabel;
import javax.swing.JPanel;
import javax.swing.JProgressBar;
import javax.swing.JSpinner;
import javax.swing.SpinnerNumberModel;
import javax.swing.SwingUtilities;

/**
 * The Compare tab: the original beside RNC and beside JPEG, JPEG 2000 and WebP at (nearly) the RNC file's
 * size, with bpp, PSNR and MS-SSIM under each; any of the files can be saved.
 */
public final class ComparePanel extends JPanel {
    private final Studio studio;
    private final JLabel originalLabel = new JLabel("no original chosen");
    final JSpinner iterations = new JSpinner(new SpinnerNumberModel(4, 1, 16, 1));
    private final JButton compare = new JButton("Compare"), stop = new JButton("Stop");
    private final JProgressBar progress = new JProgressBar(0, 1000);
    private final JLabel status = new JLabel(" ");
    private final Map<String, Tile> tiles = new LinkedHashMap<>();
    private BufferedImage original;
    private String originalName;
    private CompareJob job;
    private CompareJob.Result last;

    /** One picture with its caption and a Save button. */
    final class Tile extends JPanel {
        final ImageView view = new ImageView();
        final JLabel caption = new JLabel(" ");
        final JButton save = new JButton("Save…");
        final String codec;

        Tile(String codec, String title) {
            super(new BorderLayout());
            this.codec = codec;
            setBorder(BorderFactory.createTitledBorder(title));
            view.setEmptyText("—");
            add(view, BorderLayout.CENTER);
            JPanel south = new JPanel(new BorderLayout());
            south.add(caption, BorderLayout.CENTER);
            south.add(save, BorderLayout.EAST);
            save.setEnabled(false);
            save.addActionListener(e -> studio.chooseAndSaveCompared(codec));
            add(south, BorderLayout.SOUTH);
        }
    }

    ComparePanel(Studio studio) {
        super(new BorderLayout());
        this.studio = studio;
        JPanel bar = new JPanel(new FlowLayout(FlowLayout.LEFT, 6, 3));
        JButton choose = new JButton("Open original…");
        choose.addActionListener(e -> studio.chooseOriginal());
        JButton fromViewer = new JButton("Use the Viewer's image");
        fromViewer.addActionListener(e -> studio.originalFromViewer());
        bar.add(new JLabel("Original:"));
        bar.add(originalLabel);
        bar.add(choose);
        bar.add(fromViewer);
        bar.add(new JLabel("   RNC iterations:"));
        bar.add(iterations);
        bar.add(compare);
        bar.add(stop);
        stop.setEnabled(false);
        compare.addActionListener(e -> start());
        stop.addActionListener(e -> requestStop());
        progress.setStringPainted(true);
        progress.setString("");
        bar.add(progress);

        JPanel grid = new JPanel(new GridLayout(2, 3, 4, 4));
        for (String[] t : new String[][]{{"original", "Original"}, {"rnc", "RNC"}, {"jpeg", "JPEG"},
                {"jpeg2000", "JPEG 2000"}, {"webp", "WebP"}}) {
            Tile tile = new Tile(t[0], t[1]);
            tiles.put(t[0], tile);
            grid.add(tile);
        }
        tiles.get("original").save.setVisible(false);
        JPanel note = new JPanel(new BorderLayout());
        note.setBorder(BorderFactory.createTitledBorder("How"));
        note.add(new JLabel("<html>RNC encodes the original with the chosen number of iterations (1/8 bpp of codes "
                + "each, before entropy coding). Each other codec's quality (JPEG 2000: target rate) is found by "
                + "bisection so that its file is as near the RNC file's size as its settings allow. PSNR and MS-SSIM "
                + "are over R, G, B; MS-SSIM needs 176 pixels on the short side. Every run goes to the Results tab, "
                + "the curves to Plots.</html>"), BorderLayout.NORTH);
        grid.add(note);

        add(bar, BorderLayout.NORTH);
        add(grid, BorderLayout.CENTER);
        status.setBorder(BorderFactory.createEmptyBorder(2, 8, 2, 8));
        add(status, BorderLayout.SOUTH);
    }

    /** Reads {@code f} as the original (any ImageIO format). Event thread; the read runs in the background. */
    public void setOriginal(Path f) {
        studio.background().submit("read " + f.getFileName(), () -> {
            BufferedImage img = ImageIO.read(f.toFile());
            if (img == null) throw new IOException(f.getFileName() + " is not an image any installed ImageIO reader can read");
            return img;
        }, null, img -> setOriginal(img, baseName(f)), e -> studio.error("Could not open " + f.getFileName(), e), null);
    }

    static String baseName(Path f) {
        String n = f.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }

    public void setOriginal(BufferedImage img, String name) {
        original = img;
        originalName = name;
        originalLabel.setText(String.format(Locale.ROOT, "%s (%dx%d)", name, img.getWidth(), img.getHeight()));
        tiles.values().forEach(t -> {
            t.view.setImage(null);
            t.caption.setText(" ");
            t.save.setEnabled(false);
        });
        tiles.get("original").view.setImage(img);
        tiles.get("original").caption.setText(String.format(Locale.ROOT, "%dx%d", img.getWidth(), img.getHeight()));
        last = null;
    }

    public boolean hasOriginal() { return original != null; }

    public void setIterations(int n) { iterations.setValue(n); }

    /** Starts the comparison on a worker thread (the Compare button). */
    public void start() {
        if (original == null) {
            studio.error("Nothing to compare", new IllegalStateException("open an original image first (PNG, JPEG, ...)"));
            return;
        }
        if (job != null) return;
        CompareJob.Options o = new CompareJob.Options();
        o.iterations = (Integer) iterations.getValue();
        CompareJob j = new CompareJob(o);
        job = j;
        compare.setEnabled(false);
        stop.setEnabled(true);
        progress.setValue(0);
        BufferedImage img = original;
        String name = originalName;
        studio.background().submit("compare " + name, () -> j.run(img, name, (f, what) -> SwingUtilities.invokeLater(() -> {
            progress.setValue((int) Math.round(1000 * f));
            progress.setString(String.format(Locale.ROOT, "%.0f %%", 100 * f));
            status.setText(what);
        })), j::requestStop, this::show, e -> studio.error("Comparison failed", e), () -> {
            job = null;
            compare.setEnabled(true);
            stop.setEnabled(false);
        });
    }

    public void requestStop() {
        CompareJob j = job;
        if (j != null) j.requestStop();
    }

    private void show(CompareJob.Result r) {
        last = r;
        for (CompareJob.Entry e : r.entries()) {
            Tile t = tiles.get(e.codec());
            if (t == null) continue;
            t.view.setImage(e.decoded());
            t.caption.setText(twoLines(e));
            t.caption.setToolTipText(e.caption());
            t.save.setEnabled(e.ok());
        }
        CompareJob.Entry rnc = r.entry("rnc");
        status.setText(r.stopped() ? "stopped" : rnc == null ? "done" : String.format(Locale.ROOT,
                "done: sizes matched to the RNC file's %,d bytes (%.3f bpp)", rnc.bytes(), rnc.bpp()));
        progress.setValue(1000);
        progress.setString(r.stopped() ? "stopped" : "done");
        studio.results().addAll(CompareJob.rows(r));
        if (!r.curves().isEmpty()) studio.plotData().putRd(r.image(), r.curves());
    }

    /** The caption on two lines: file, then quality. */
    static String twoLines(CompareJob.Entry e) {
        if (!e.ok()) return "<html>" + esc(e.codec()) + ": " + esc(e.error()) + "</html>";
        return String.format(Locale.ROOT, "<html>%s %s: %,d bytes, %.3f bpp<br>PSNR %s dB, MS-SSIM %s</html>", esc(e.codec()),
                esc(e.setting()), e.bytes(), e.bpp(),
                Double.isInfinite(e.psnr()) ? "inf" : String.format(Locale.ROOT, "%.2f", e.psnr()),
                Double.isNaN(e.msssim()) ? "n/a" : String.format(Locale.ROOT, "%.4f", e.msssim()));
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    public CompareJob.Result lastResult() { return last; }

    public boolean isRunning() { return job != null; }

    /** Writes the compared file of {@code codec} as it was encoded (.rnc, .jpg, .jp2, .webp). */
    public Path save(String codec, Path file) throws IOException {
        CompareJob.Entry e = last == null ? null : last.entry(codec);
        if (e == null || !e.ok()) throw new IOException("no " + codec + " file to save: run a comparison first");
        String suffix = "." + e.suffix();
        Path f = file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(suffix) ? file
                : file.resolveSibling(file.getFileName() + suffix);
        Files.write(f, e.file());
        return f;
    }

    /** A default file name for saving {@code codec}'s file. */
    public String suggestedName(String codec) {
        CompareJob.Entry e = last == null ? null : last.entry(codec);
        if (e == null) return codec;
        return last.image() + "." + e.setting() + "." + e.suffix();
    }

    List<String> codecs() { return List.copyOf(tiles.keySet()); }
}
