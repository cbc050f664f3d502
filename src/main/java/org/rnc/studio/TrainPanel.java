package org.rnc.studio;

import java.awt.GridBagConstraints;
import java.awt.GridBagLayout;
import java.awt.GridLayout;
import java.awt.Insets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.swing.JButton;
import javax.swing.JCheckBox;
import javax.swing.JComboBox;
import javax.swing.JComponent;
import javax.swing.JFileChooser;
import javax.swing.JLabel;
import javax.swing.JPanel;
import javax.swing.JSpinner;
import javax.swing.JTextField;
import javax.swing.SpinnerNumberModel;

import org.rnc.study.MnistStudy;
import org.rnc.training.Trainer;

/** The Train tab: the MNIST study (autoencoder and VAE) and the RNC codec on a folder of photos. */
public final class TrainPanel extends JPanel {
    final JTextField mnistData = new JTextField(22), studyOut = new JTextField(22);
    final JSpinner epochs = new JSpinner(new SpinnerNumberModel(10, 1, 1000, 1));
    final JSpinner latent = new JSpinner(new SpinnerNumberModel(32, 1, 512, 1));
    final JSpinner trainLimit = new JSpinner(new SpinnerNumberModel(0, 0, 60000, 1000));

    final JTextField codecData = new JTextField(22), runDir = new JTextField(22);
    final JComboBox<String> preset = new JComboBox<>(new String[]{"tiny", "small", "medium", "large", "reference"});
    final JSpinner codecIterations = new JSpinner(new SpinnerNumberModel(8, 1, 16, 1));
    final JSpinner minutes = new JSpinner(new SpinnerNumberModel(10.0, 0.1, 10000.0, 1.0));
    final JSpinner validateEvery = new JSpinner(new SpinnerNumberModel(100, 1, 100000, 50));
    final JCheckBox resume = new JCheckBox("resume the run in this folder");

    final TrainSection study, codec;

    TrainPanel(Studio studio) {
        super(new GridLayout(2, 1, 4, 4));
        Path home = Path.of(System.getProperty("user.home"), "rnc-studio");
        Path mnist = Path.of("..", "shared", "data", "mnist");
        mnistData.setText(Files.isDirectory(mnist) ? mnist.toString() : "");
        studyOut.setText(home.resolve("study").toString());
        Path photos = Path.of("..", "shared", "data", "train");
        codecData.setText(Files.isDirectory(photos) ? photos.toString() : "");
        runDir.setText(home.resolve("codec-run").toString());
        preset.setSelectedItem("small");

        JPanel studyForm = form(
                row("MNIST folder", mnistData, browse(mnistData, true)),
                row("output folder", studyOut, browse(studyOut, true)),
                row("epochs", epochs, null),
                row("latent size", latent, null),
                row("training digits (0: all)", trainLimit, null));
        JPanel codecForm = form(
                row("photo folders (a,b)", codecData, browse(codecData, true)),
                row("run folder", runDir, browse(runDir, true)),
                row("width preset", preset, null),
                row("iterations unrolled", codecIterations, null),
                row("minutes", minutes, null),
                row("validate every (steps)", validateEvery, null),
                row("", resume, null));
        study = new TrainSection(studio, "Autoencoder and VAE on MNIST (the study)", studyForm, this::studyTask);
        codec = new TrainSection(studio, "RNC codec on a folder of photos", codecForm, this::codecTask);
        add(study);
        add(codec);
    }

    TrainingTask studyTask() {
        MnistStudy.Options o = new MnistStudy.Options();
        o.data = path(mnistData, "the MNIST folder");
        o.out = path(studyOut, "the output folder");
        if (!Files.isDirectory(o.data)) throw new IllegalArgumentException("not a folder: " + o.data);
        o.epochs = (Integer) epochs.getValue();
        o.latent = (Integer) latent.getValue();
        o.trainLimit = (Integer) trainLimit.getValue();
        return new StudyTask(o);
    }

    TrainingTask codecTask() {
        Trainer.Options o = new Trainer.Options();
        List<Path> data = new ArrayList<>();
        for (String s : codecData.getText().split(","))
            if (!s.isBlank()) data.add(Path.of(s.trim()));
        o.data = data;
        o.runDir = path(runDir, "the run folder");
        o.preset = (String) preset.getSelectedItem();
        o.iterations = (Integer) codecIterations.getValue();
        o.maxMinutes = ((Number) minutes.getValue()).doubleValue();
        o.validateEvery = (Integer) validateEvery.getValue();
        o.checkpointMinutes = Math.min(5, o.maxMinutes);
        o.resume = resume.isSelected();
        return new CodecTrainTask(o, CodecTrainTask.TRAINER);
    }

    private static Path path(JTextField f, String what) {
        String s = f.getText().trim();
        if (s.isEmpty()) throw new IllegalArgumentException("choose " + what);
        return Path.of(s);
    }

    public boolean isRunning() { return study.isRunning() || codec.isRunning(); }

    private record Row(String label, JComponent field, JComponent extra) {}

    private static Row row(String label, JComponent field, JComponent extra) { return new Row(label, field, extra); }

    private static JPanel form(Row... rows) {
        JPanel p = new JPanel(new GridBagLayout());
        GridBagConstraints c = new GridBagConstraints();
        c.insets = new Insets(2, 4, 2, 4);
        c.anchor = GridBagConstraints.WEST;
        for (int i = 0; i < rows.length; i++) {
            c.gridy = i;
            c.gridx = 0;
            c.fill = GridBagConstraints.NONE;
            p.add(new JLabel(rows[i].label()), c);
            c.gridx = 1;
            c.fill = GridBagConstraints.HORIZONTAL;
            p.add(rows[i].field(), c);
            if (rows[i].extra() != null) {
                c.gridx = 2;
                c.fill = GridBagConstraints.NONE;
                p.add(rows[i].extra(), c);
            }
        }
        return p;
    }

    private JButton browse(JTextField target, boolean directories) {
        JButton b = new JButton("…");
        b.setToolTipText("Choose a folder");
        b.addActionListener(e -> {
            JFileChooser fc = new JFileChooser(target.getText().isBlank() ? "." : target.getText().split(",")[0].trim());
            fc.setFileSelectionMode(directories ? JFileChooser.DIRECTORIES_ONLY : JFileChooser.FILES_ONLY);
            if (fc.showOpenDialog(this) == JFileChooser.APPROVE_OPTION) target.setText(fc.getSelectedFile().getPath());
        });
        return b;
    }
}
