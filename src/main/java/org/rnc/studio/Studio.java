package org.rnc.studio;

import java.awt.BorderLayout;
import java.awt.Component;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.BiConsumer;

import javax.imageio.ImageIO;
import javax.swing.JFileChooser;
import javax.swing.JOptionPane;
import javax.swing.JPanel;
import javax.swing.JTabbedPane;
import javax.swing.SwingUtilities;
import javax.swing.filechooser.FileNameExtensionFilter;

import org.knowm.xchart.XYChart;

/**
 * RNC Studio's content: the Viewer, Compare, Train, Results and Plots tabs over shared models (results,
 * plot data, worker threads). Lives in a {@link StudioFrame}; everything here runs on the event thread
 * unless said otherwise.
 */
public final class Studio extends JPanel {
    public static final String VIEWER = "Viewer", COMPARE = "Compare", TRAIN = "Train", RESULTS = "Results", PLOTS = "Plots";

    private final Background background = new Background();
    private final ResultsModel results = new ResultsModel();
    private final PlotData plotData = new PlotData();
    private final JTabbedPane tabs = new JTabbedPane();
    private final ViewerPanel viewer;
    private final ComparePanel compare;
    private final TrainPanel train;
    private final ResultsPanel resultsPanel;
    private final PlotsPanel plots;
    private File lastDir = new File(".");
    /** title, message: shows an error; a dialog unless replaced (tests). */
    private BiConsumer<String, String> errorHandler = (title, msg) ->
            JOptionPane.showMessageDialog(SwingUtilities.getWindowAncestor(this), msg, title, JOptionPane.ERROR_MESSAGE);
    private BiConsumer<String, String> warningHandler = (title, msg) ->
            JOptionPane.showMessageDialog(SwingUtilities.getWindowAncestor(this), msg, title, JOptionPane.WARNING_MESSAGE);

    public Studio() {
        super(new BorderLayout());
        viewer = new ViewerPanel(this);
        compare = new ComparePanel(this);
        train = new TrainPanel(this);
        resultsPanel = new ResultsPanel(this);
        plots = new PlotsPanel(this);
        tabs.addTab(VIEWER, viewer);
        tabs.addTab(COMPARE, compare);
        tabs.addTab(TRAIN, train);
        tabs.addTab(RESULTS, resultsPanel);
        tabs.addTab(PLOTS, plots);
        add(tabs, BorderLayout.CENTER);
    }

    public Background background() { return background; }

    public ResultsModel results() { return results; }

    public PlotData plotData() { return plotData; }

    public ViewerPanel viewer() { return viewer; }

    public ComparePanel compare() { return compare; }

    public TrainPanel train() { return train; }

    public ResultsPanel resultsPanel() { return resultsPanel; }

    public PlotsPanel plots() { return plots; }

    public void showTab(String name) {
        int i = tabs.indexOfTab(name);
        if (i < 0) throw new IllegalArgumentException("no tab '" + name + "'");
        tabs.setSelectedIndex(i);
    }

    public String selectedTab() { return tabs.getTitleAt(tabs.getSelectedIndex()); }

    /** Opens an image in the Viewer (any ImageIO format; .rnc decodes progressively). */
    public void open(Path f) {
        showTab(VIEWER);
        lastDir = dirOf(f);
        viewer.open(f);
    }

    /** The Viewer finished a file: an ordinary picture becomes the Compare tab's original when it has none. */
    void viewerOpened(Path f, ProgressiveDecode.Result r) {
        if (!r.info().isRnc() && !compare.hasOriginal() && !r.passes().isEmpty())
            compare.setOriginal(r.last(), ComparePanel.baseName(f));
    }

    void originalFromViewer() {
        ImageInfo i = viewer.info();
        if (viewer.passCount() == 0 || i == null) {
            error("No image in the Viewer", new IllegalStateException("open an image in the Viewer first"));
            return;
        }
        if (i.isRnc()) {
            error("Not an original", new IllegalStateException("the Viewer shows an .rnc file, which is already "
                    + "compressed: open its original (PNG, JPEG, ...) instead"));
            return;
        }
        compare.setOriginal(viewer.pass(viewer.passCount()), ComparePanel.baseName(viewer.file()));
    }

    public void saveResultsCsv(Path f) throws IOException {
        results.writeCsv(f);
    }

    // ---- dialogs ----

    /** Shows a readable error (the messages of the exception and its causes, no stack trace). */
    public void error(String title, Throwable e) {
        if (Boolean.getBoolean("rnc.studio.debug")) e.printStackTrace();
        errorHandler.accept(title, Errors.message(e));
    }

    void warn(String title, String message) {
        warningHandler.accept(title, message);
    }

    /** Replaces the error and warning dialogs (tests collect the messages instead). */
    public void setDialogHandlers(BiConsumer<String, String> errors, BiConsumer<String, String> warnings) {
        errorHandler = errors;
        warningHandler = warnings;
    }

    private static File dirOf(Path f) {
        Path p = f.toAbsolutePath().getParent();
        return p == null ? new File(".") : p.toFile();
    }

    private JFileChooser chooser(String title) {
        JFileChooser fc = new JFileChooser(lastDir);
        fc.setDialogTitle(title);
        return fc;
    }

    private static FileNameExtensionFilter imageFilter() {
        return new FileNameExtensionFilter("Images (" + String.join(", ", ImageIO.getReaderFileSuffixes()) + ")",
                ImageIO.getReaderFileSuffixes());
    }

    void chooseAndOpen() {
        JFileChooser fc = chooser("Open an image");
        fc.addChoosableFileFilter(imageFilter());
        fc.setFileFilter(fc.getChoosableFileFilters()[1]);
        if (fc.showOpenDialog(this) == JFileChooser.APPROVE_OPTION) open(fc.getSelectedFile().toPath());
    }

    void chooseOriginal() {
        JFileChooser fc = chooser("Open the original image");
        fc.addChoosableFileFilter(imageFilter());
        fc.setFileFilter(fc.getChoosableFileFilters()[1]);
        if (fc.showOpenDialog(this) == JFileChooser.APPROVE_OPTION) {
            lastDir = fc.getCurrentDirectory();
            compare.setOriginal(fc.getSelectedFile().toPath());
        }
    }

    private Path chooseSave(String title, String name) {
        JFileChooser fc = chooser(title);
        fc.setSelectedFile(new File(lastDir, name));
        if (fc.showSaveDialog(this) != JFileChooser.APPROVE_OPTION) return null;
        lastDir = fc.getCurrentDirectory();
        File f = fc.getSelectedFile();
        if (f.exists() && JOptionPane.showConfirmDialog(this, f.getName() + " exists. Replace it?", title,
                JOptionPane.OK_CANCEL_OPTION) != JOptionPane.OK_OPTION) return null;
        return f.toPath();
    }

    void chooseAndSaveCompared(String codec) {
        Path f = chooseSave("Save the " + codec + " file", compare.suggestedName(codec));
        if (f == null) return;
        try {
            compare.save(codec, f);
        } catch (IOException e) {
            error("Could not save", e);
        }
    }

    void chooseAndSaveResults() {
        Path f = chooseSave("Save results to CSV", "results.csv");
        if (f == null) return;
        try {
            saveResultsCsv(f);
        } catch (IOException e) {
            error("Could not save the results", e);
        }
    }

    void chooseAndSavePlot(XYChart chart, String name) {
        Path f = chooseSave("Save the plot as PNG", name);
        if (f == null) return;
        try {
            plots.refresh(true);
            Charts.savePng(chart, f);
        } catch (IOException e) {
            error("Could not save the plot", e);
        }
    }

    /**
     * Stops all background work and waits up to {@code millis} for it; not on the event thread. True when
     * everything ended in time.
     */
    public boolean shutdown(long millis) throws InterruptedException {
        SwingUtilities.invokeLater(viewer::cancel);
        return background.shutdown(millis);
    }

    /** Paints a component (a window's root pane, say) into an image, as it is on screen. Event thread. */
    public static BufferedImage paint(Component c) {
        BufferedImage img = new BufferedImage(Math.max(1, c.getWidth()), Math.max(1, c.getHeight()), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            c.paint(g);
        } finally {
            g.dispose();
        }
        return img;
    }
}
