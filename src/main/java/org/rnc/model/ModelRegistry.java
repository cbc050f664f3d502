package org.rnc.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.commons.io.file.PathUtils;
import org.rnc.format.ModelId;

/**
 * Finds and loads codec models, once per process, shared by every reader and writer.
 * <p>
 * Lookup order for a model name:
 * <ol>
 * <li>a directory named by the system property {@value #MODELS_DIR_PROPERTY} or the environment variable
 *     {@value #MODELS_DIR_ENV}, holding {@code NAME/rnc-model.properties} and {@code NAME/saved_model/};</li>
 * <li>the models shipped inside the jar ({@code models/NAME/}), unpacked once to
 *     {@code CACHE/models/NAME-HASH/} where CACHE is {@value #CACHE_DIR_PROPERTY}, {@value #CACHE_DIR_ENV}
 *     or {@code ~/.cache/rnc}.</li>
 * </ol>
 * Every load verifies the files against the model's SHA-256.
 */
public final class ModelRegistry {
    private ModelRegistry() {}

    public static final String DEFAULT_MODEL = "rnc-default";
    public static final String MODELS_DIR_PROPERTY = "rnc.models.dir";
    public static final String MODELS_DIR_ENV = "RNC_MODELS_DIR";
    public static final String CACHE_DIR_PROPERTY = "rnc.cache.dir";
    public static final String CACHE_DIR_ENV = "RNC_CACHE_DIR";

    private static final ConcurrentHashMap<Path, AutoCloseable> LOADED = new ConcurrentHashMap<>();

    /** Loads a model directory of one kind, or returns the instance already loaded from it. */
    private interface Loader<M extends AutoCloseable> {
        M load(Path dir) throws ModelException;
    }

    /** The model a writer uses when none is named: {@code rnc.model} system property, else rnc-default. */
    public static String defaultModelName() {
        return System.getProperty("rnc.model", DEFAULT_MODEL);
    }

    /** The model of this name (override directory first, then the jar). */
    public static CodecModel get(String name) throws ModelException {
        return load(locate(name));
    }

    /** The model a file names; fails unless name and hash both match. */
    public static CodecModel get(ModelId id) throws ModelException {
        Path dir;
        try {
            dir = locate(id.name());
        } catch (ModelException e) {
            throw new ModelException("unknown model " + id.shortForm() + ": " + e.getMessage(), e);
        }
        CodecModel m = load(dir);
        if (!m.id().equals(id))
            throw new ModelException("the file needs model " + id.shortForm() + " but " + m.id().shortForm()
                    + " is installed (a different version of '" + id.name() + "')");
        return m;
    }

    /** Loads (or returns the already loaded) codec model in a directory. */
    public static CodecModel load(Path dir) throws ModelException {
        return cached(dir, CodecModel.class, CodecModel::load);
    }

    /** The entropy model of this name. */
    public static EntropyModel entropy(String name) throws ModelException {
        return cached(locate(name), EntropyModel.class, EntropyModel::load);
    }

    /** The entropy model a file names; fails unless name and hash both match. */
    public static EntropyModel entropy(ModelId id) throws ModelException {
        EntropyModel m;
        try {
            m = entropy(id.name());
        } catch (ModelException e) {
            throw new ModelException("unknown entropy model " + id.shortForm() + ": " + e.getMessage(), e);
        }
        if (!m.id().equals(id))
            throw new ModelException("the file needs entropy model " + id.shortForm() + " but " + m.id().shortForm()
                    + " is installed");
        return m;
    }

    /**
     * The entropy model shipped for a codec model ({@code NAME-entropy}), or null when there is none or it was
     * trained for another version of the codec.
     */
    public static EntropyModel entropyFor(CodecModel codec) {
        try {
            EntropyModel m = entropy(codec.id().name() + "-entropy");
            return m.codec().equals(codec.id()) ? m : null;
        } catch (ModelException e) {
            return null;
        }
    }

    private static <M extends AutoCloseable> M cached(Path dir, Class<M> type, Loader<M> loader) throws ModelException {
        Path key = dir.toAbsolutePath().normalize();
        AutoCloseable m = LOADED.get(key);
        if (m == null) {
            synchronized (LOADED) {
                m = LOADED.get(key);
                if (m == null) {
                    m = loader.load(key);
                    LOADED.put(key, m);
                }
            }
        }
        if (!type.isInstance(m)) throw new ModelException(dir + " holds a " + m.getClass().getSimpleName() + ", not a " + type.getSimpleName());
        return type.cast(m);
    }

    /** Closes every loaded model; later lookups load them again. */
    public static void closeAll() {
        synchronized (LOADED) {
            for (AutoCloseable m : LOADED.values()) {
                try {
                    m.close();
                } catch (Exception ignored) {
                    // closing native resources does not fail in practice; keep closing the rest
                }
            }
            LOADED.clear();
        }
    }

    public static Path locate(String name) throws ModelException {
        if (name == null || name.isEmpty() || name.contains("/") || name.contains("\\") || name.contains(".."))
            throw new ModelException("bad model name '" + name + "'");
        String override = System.getProperty(MODELS_DIR_PROPERTY, System.getenv(MODELS_DIR_ENV));
        if (override != null && !override.isBlank()) {
            Path dir = Path.of(override).resolve(name);
            if (Files.isRegularFile(dir.resolve(ModelFiles.PROPERTIES))) return dir;
        }
        return unpackBundled(name);
    }

    private static Path cacheRoot() {
        String c = System.getProperty(CACHE_DIR_PROPERTY, System.getenv(CACHE_DIR_ENV));
        if (c != null && !c.isBlank()) return Path.of(c);
        return Path.of(System.getProperty("user.home"), ".cache", "rnc");
    }

    private static Path unpackBundled(String name) throws ModelException {
        String base = "models/" + name + "/";
        ClassLoader cl = ModelRegistry.class.getClassLoader();
        Properties p = new Properties();
        try (InputStream in = cl.getResourceAsStream(base + ModelFiles.PROPERTIES)) {
            if (in == null)
                throw new ModelException("no model '" + name + "' is installed (not in the jar, nor under -D"
                        + MODELS_DIR_PROPERTY + " / $" + MODELS_DIR_ENV + ")");
            try (Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
                p.load(r);
            }
        } catch (IOException e) {
            if (e instanceof ModelException me) throw me;
            throw new ModelException("cannot read bundled model " + name, e);
        }
        String hash = p.getProperty("sha256", "");
        String files = p.getProperty("files", "");
        if (hash.length() < 12 || files.isEmpty()) throw new ModelException("bundled model " + name + " has bad properties");
        Path target = cacheRoot().resolve("models").resolve(name + "-" + hash.substring(0, 16));
        if (Files.isRegularFile(target.resolve(ModelFiles.PROPERTIES))) return target;
        Path tmp = null;
        try {
            Files.createDirectories(target.getParent());
            tmp = Files.createTempDirectory(target.getParent(), name + "-unpack-");
            for (String f : files.split(",")) {
                if (f.contains("..")) throw new ModelException("bad file name in model " + name + ": " + f);
                try (InputStream in = cl.getResourceAsStream(base + f)) {
                    if (in == null) throw new ModelException("bundled model " + name + " lacks " + f);
                    Path out = tmp.resolve(f);
                    Files.createDirectories(out.getParent());
                    Files.copy(in, out);
                }
            }
            try (InputStream in = cl.getResourceAsStream(base + ModelFiles.PROPERTIES)) {
                Files.copy(in, tmp.resolve(ModelFiles.PROPERTIES));
            }
            String actual = ModelFiles.hash(tmp, ModelFiles.listFiles(tmp));
            if (!actual.equalsIgnoreCase(hash))
                throw new ModelException("bundled model " + name + " is damaged (hash " + actual + ", expected " + hash + ")");
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
                // another process or thread unpacked it first: theirs is as good as ours
            } catch (IOException e) {
                if (!Files.isRegularFile(target.resolve(ModelFiles.PROPERTIES))) throw e;
            }
            return target;
        } catch (IOException e) {
            if (e instanceof ModelException me) throw me;
            throw new ModelException("cannot unpack model " + name + " to " + target + ": " + e.getMessage(), e);
        } finally {
            if (tmp != null && Files.exists(tmp)) {
                try {
                    PathUtils.deleteDirectory(tmp);
                } catch (IOException ignored) {
                    // a leftover temp folder in the cache is harmless
                }
            }
        }
    }
}
