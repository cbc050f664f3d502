package org.rnc.studio;

import java.awt.Dimension;
import java.awt.Toolkit;
import java.awt.event.ActionEvent;
import java.awt.event.InputEvent;
import java.awt.event.KeyEvent;
import java.awt.event.WindowAdapter;
import java.awt.event.WindowEvent;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import javax.swing.AbstractAction;
import javax.swing.JFrame;
import javax.swing.JMenu;
import javax.swing.JMenuBar;
import javax.swing.JMenuItem;
import javax.swing.KeyStroke;
import javax.swing.SwingUtilities;
import javax.swing.WindowConstants;

/** RNC Studio's window. Closing it stops the background work (waiting a while for it) before it goes. */
public final class StudioFrame extends JFrame {
    /** How long closing waits for background work (a training run saves its checkpoint). */
    public static final long CLOSE_WAIT_MS = 30_000;

    private final Studio studio = new Studio();
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile boolean closing, cleanClose;

    public StudioFrame() {
        super("RNC Studio");
        setDefaultCloseOperation(WindowConstants.DO_NOTHING_ON_CLOSE);
        setContentPane(studio);
        setJMenuBar(menus());
        addWindowListener(new WindowAdapter() {
            @Override public void windowClosing(WindowEvent e) { close(); }
        });
        Dimension screen = Toolkit.getDefaultToolkit().getScreenSize();
        setSize(Math.min(1280, screen.width), Math.min(860, screen.height));
        setLocationRelativeTo(null);
    }

    /** Builds and shows the window, opening {@code file} when not null. Event thread. */
    public static StudioFrame show(Path file) {
        installEdtErrorHandler();
        StudioFrame f = new StudioFrame();
        f.setVisible(true);
        if (file != null) f.studio.open(file);
        return f;
    }

    /** A bug on the event thread shows a dialog with its message instead of a stack trace on a console. */
    static void installEdtErrorHandler() {
        Thread.currentThread().setUncaughtExceptionHandler((t, e) -> {
            System.err.println("RNC Studio: unexpected " + e);
            for (java.awt.Window w : java.awt.Window.getWindows())
                if (w instanceof StudioFrame sf && w.isDisplayable()) {
                    sf.studio.error("Unexpected error", e);
                    return;
                }
        });
    }

    public Studio studio() { return studio; }

    private JMenuBar menus() {
        JMenuBar bar = new JMenuBar();
        JMenu file = new JMenu("File");
        file.setMnemonic(KeyEvent.VK_F);
        file.add(item("Open…", KeyEvent.VK_O, studio::chooseAndOpen));
        file.add(item("Open original for Compare…", 0, studio::chooseOriginal));
        file.add(item("Save results to CSV…", KeyEvent.VK_S, studio::chooseAndSaveResults));
        file.addSeparator();
        file.add(item("Quit", KeyEvent.VK_Q, this::close));
        bar.add(file);
        return bar;
    }

    private static JMenuItem item(String name, int key, Runnable r) {
        JMenuItem i = new JMenuItem(new AbstractAction(name) {
            @Override public void actionPerformed(ActionEvent e) { r.run(); }
        });
        if (key != 0) i.setAccelerator(KeyStroke.getKeyStroke(key, InputEvent.CTRL_DOWN_MASK));
        return i;
    }

    /**
     * Closes the window: stops every background job (a training run checkpoints), waits up to
     * {@link #CLOSE_WAIT_MS}, then disposes the window. Event thread; returns at once.
     */
    public void close() {
        if (closing) return;
        closing = true;
        setTitle("RNC Studio — stopping background work …");
        studio.setEnabled(false);
        Thread t = new Thread(() -> {
            boolean clean = false;
            try {
                clean = studio.shutdown(CLOSE_WAIT_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            cleanClose = clean;
            if (!clean) System.err.println("RNC Studio: background work did not stop within " + CLOSE_WAIT_MS / 1000 + " s");
            SwingUtilities.invokeLater(() -> {
                dispose();
                closed.countDown();
            });
        }, "rnc-studio-close");
        t.start();
    }

    /** Waits until the window has closed; true when it did within the time. */
    public boolean awaitClosed(long millis) throws InterruptedException {
        return closed.await(millis, TimeUnit.MILLISECONDS);
    }

    /** Whether the background work had ended when the window went. */
    public boolean closedCleanly() { return cleanClose; }

    /** The window's content as painted now (menu bar included). Event thread. */
    public BufferedImage screenshot() {
        return Studio.paint(getRootPane());
    }
}
