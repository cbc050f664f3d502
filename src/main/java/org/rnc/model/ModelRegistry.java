package org.rnc.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.io.File;
import java.net.URL;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.commons.io.file.PathUtils;
import org.rnc.format.ModelId;

/**
 * Finds and loads models, once per process, shared by every reader and writer.
 * <p>
 * Models are immutable: a name never gets new weights (a better model gets a new name), and a file names its
 * models by name <b>and</b> SHA-256. A reader therefore resolves a file's model among every model it can see:
 * <ol>
 * <li>the folders named by the system property {@value #MODELS_DIR_PROPERTY} or the environment variable
 *     {@value #MODELS_DIR_ENV} (several, separated by the path separator), each holding model directories:
 *     {@code NAME/} or any other sub-folder whose properties name the model (so versions of one name can sit
 *     side by side, e.g. {@code rnc-default-92dd8c9d/});</li>
 * <li>{@code models/NAME/} on the class path: the models inside this jar and any model jar beside it, unpacked
 *     once to {@code CACHE/models/NAME-HASH/} where CACHE is {@value #CACHE_DIR_PROPERTY}, {@value #CACHE_DIR_ENV}
 *     or {@code ~/.cache/rnc}.</li>
 * </ol>
 * The models a writer uses by default are named in {@value #CATALOG} on the class path. Every load verifies the
 * files against the model's SHA-256.
 */
public final class ModelRegistry {
    private ModelRegistry() {}

    /** The codec model of this build's catalog (kept for callers that name it; see {@link #defaultModelName()}). */
    public static final String DEFAULT_MODEL = "rnc-default";
    public static final String MODELS_DIR_PROPERTY = "rnc.models.dir";
    public static final String MODELS_DIR_ENV = "RNC_MODELS_DIR";
    public static final String CACHE_DIR_PROPERTY = "rnc.cache.dir";
    public static final String CACHE_DIR_ENV = "RNC_CACHE_DIR";
    /** Class-path resource naming the models this build writes with. */
    public static final String CATALOG = "models/catalog.properties";

    private static final ConcurrentHashMap<Path, AutoCloseable> LOADED = new ConcurrentHashMap<>();

    /** Loads a model directory of one kind, or returns the instance already loaded from it. */
    private interface Loader<M extends AutoCloseable> {
        M load(Path dir) throws ModelException;
    }

    /** The model a writer uses when none is named: {@code rnc.model} system property, else the catalog's codec. */
    public static String defaultModelName() {
        return System.getProperty("rnc.model", catalog().getProperty("codec", DEFAULT_MODEL));
    }

    /** The model of this name (the folders of {@value #MODELS_DIR_PROPERTY} first, then the class path). */
    public static CodecModel get(String name) throws ModelException {
        return load(locate(name));
    }

    /** The model a file names; fails unless name and hash both match. */
    public static CodecModel get(ModelId id) throws ModelException {
        return load(locate(id, "model"));
    }

    /** Loads (or returns the already loaded) codec model in a directory. */
    public static CodecModel load(Path dir) throws ModelException {
        return cached(dir, CodecModel.class, CodecModel::load);
    }

    /** The entropy model of this name: portable (format 2) or TensorFlow (format 1), as its properties say. */
    public static EntropyPredictor entropy(String name) throws ModelException {
        return loadEntropy(locate(name));
    }

    /** The entropy model a file names; fails unless name and hash both match. */
    public static EntropyPredictor entropy(ModelId id) throws ModelException {
        return loadEntropy(locate(id, "entropy model"));
    }

    /** Loads (or returns the already loaded) entropy model in a directory. */
    public static EntropyPredictor loadEntropy(Path dir) throws ModelException {
        return PortableEntropyModel.isPortable(CodecModel.readProperties(dir))
                ? cached(dir, PortableEntropyModel.class, PortableEntropyModel::load)
                : cached(dir, EntropyModel.class, EntropyModel::load);
    }

    /** System property naming the entropy model a writer tries first, before the catalog's (forks, benches). */
    public static final String ENTROPY_PROPERTY = "rnc.entropy";

    /**
     * The entropy model a writer uses with a codec model: {@value #ENTROPY_PROPERTY}, else the catalog's
     * {@code entropy.NAME}, else {@code NAME-entropy}; only a portable one trained for exactly this codec, else null
     * (the file is then written without entropy coding).
     */
    public static PortableEntropyModel entropyFor(CodecModel codec) {
        return entropyFor(codec.id());
    }

    /** As {@link #entropyFor(CodecModel)}, by the codec model's identity (no need to load it). */
    public static PortableEntropyModel entropyFor(ModelId codec) {
        String name = codec.name();
        for (String candidate : new String[]{System.getProperty(ENTROPY_PROPERTY), catalogEntropyName(name), name + "-entropy"}) {
            if (candidate == null) continue;
            try {
                if (entropy(candidate) instanceof PortableEntropyModel m && m.codec().matches(codec)) return m;
            } catch (ModelException e) {
                // not installed or damaged: try the next name, else write without entropy coding
            }
        }
        return null;
    }

    /** The post-filter model of this name. */
    public static PostFilterModel postFilter(String name) throws ModelException {
        return cached(locate(name), PostFilterModel.class, PostFilterModel::load);
    }

    /** The post-filter model a file names; fails unless name and hash both match. */
    public static PostFilterModel postFilter(ModelId id) throws ModelException {
        return cached(locate(id, "post-filter"), PostFilterModel.class, PostFilterModel::load);
    }

    /** System property naming the post-filter a writer uses instead of the catalog's ({@code none}: none). */
    public static final String POST_FILTER_PROPERTY = "rnc.postFilter";

    /**
     * The post-filter a writer runs with a codec model: {@value #POST_FILTER_PROPERTY}, else the catalog's
     * {@code postfilter.NAME}; only when it was trained on this codec model's pictures, else null (files are then
     * written without one).
     */
    public static PostFilterModel postFilterFor(ModelId codec) {
        String name = System.getProperty(POST_FILTER_PROPERTY, catalog().getProperty("postfilter." + codec.name()));
        if (name == null || name.equals("none")) return null;
        try {
            PostFilterModel m = postFilter(name);
            return m.codec().matches(codec) ? m : null;
        } catch (ModelException e) {
            return null; // not installed or damaged: write without it
        }
    }

    /** The name of the entropy model the catalog pairs with a codec model, or null. */
    public static String catalogEntropyName(String codecName) {
        return catalog().getProperty("entropy." + codecName);
    }

    /** The catalog on the class path (empty if there is none). */
    static Properties catalog() {
        Properties p = new Properties();
        try (InputStream in = ModelRegistry.class.getClassLoader().getResourceAsStream(CATALOG)) {
            if (in != null) try (Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
                p.load(r);
            }
        } catch (IOException e) {
            // no catalog: callers fall back to their defaults
        }
        return p;
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

    /**
     * The model a name means when no file names its hash (a writer's choice): {@code DIR/NAME} in the models folders,
     * else the class path's. Other versions of the name kept under other folder names (for reading older files) are
     * never picked here, so adding them cannot change what a writer writes with.
     */
    public static Path locate(String name) throws ModelException {
        checkName(name);
        for (Path dir : modelsDirs()) {
            Path direct = dir.resolve(name);
            if (Files.isRegularFile(direct.resolve(ModelFiles.PROPERTIES))) return direct;
        }
        List<URL> bundled = classPathModels(name);
        if (bundled.isEmpty())
            throw new ModelException("no model '" + name + "' is installed (not on the class path, nor under -D"
                    + MODELS_DIR_PROPERTY + " / $" + MODELS_DIR_ENV + ")");
        return unpack(name, bundled.get(0));
    }

    /**
     * The model with this name and hash among every model visible, or an error that says what is installed. A format 4
     * file names a model by the first bytes of its hash: the first model (in the order above) whose hash starts with them.
     */
    public static Path locate(ModelId id, String kind) throws ModelException {
        checkName(id.name());
        String hash = id.hashHex();
        List<String> seen = new ArrayList<>();
        for (Path dir : modelsDirs())
            for (Path sub : subfolders(dir)) {
                Properties p = properties(sub);
                if (!id.name().equals(p.getProperty("name"))) continue;
                if (sameHash(id, p)) return sub;
                seen.add("sha256 " + p.getProperty("sha256", "?") + " in " + sub);
            }
        for (URL u : classPathModels(id.name())) {
            Properties p = properties(u);
            if (sameHash(id, p)) return unpack(id.name(), u);
            seen.add("sha256 " + p.getProperty("sha256", "?") + " on the class path");
        }
        // whole hashes where the file has them: a user compares them with rnc-model.properties
        throw new ModelException("the file needs " + kind + " " + id.name() + " sha256 " + hash + (id.isPrefix() ? "..." : "")
                + ", which is not installed"
                + (seen.isEmpty() ? "" : " (found only " + String.join(", ", seen) + ")")
                + "; models never change under one name, so an older file needs the model it was written with: "
                + "put it in a folder named by -D" + MODELS_DIR_PROPERTY + " (see docs/MODELS.md)");
    }

    /** The whole identity (name and full SHA-256) of the model a file names, which a format 4 file gives by a prefix. */
    public static ModelId resolve(ModelId id, String kind) throws ModelException {
        if (!id.isPrefix()) return id;
        Path dir = locate(id, kind);
        return ModelId.of(id.name(), properties(dir).getProperty("sha256"));
    }

    private static boolean sameHash(ModelId id, Properties p) {
        String installed = p.getProperty("sha256", "");
        String hex = id.hashHex();
        return installed.length() == 64 && installed.regionMatches(true, 0, hex, 0, hex.length());
    }

    private static void checkName(String name) throws ModelException {
        if (name == null || name.isEmpty() || name.contains("/") || name.contains("\\") || name.contains("..")
                || name.chars().anyMatch(c -> c < 0x20 || c == 0x7F))
            throw new ModelException("bad model name '" + name + "'");
    }

    private static List<Path> modelsDirs() {
        String override = System.getProperty(MODELS_DIR_PROPERTY, System.getenv(MODELS_DIR_ENV));
        List<Path> out = new ArrayList<>();
        if (override == null || override.isBlank()) return out;
        for (String part : override.split(java.util.regex.Pattern.quote(File.pathSeparator)))
            if (!part.isBlank()) out.add(Path.of(part.trim()));
        return out;
    }

    /** The model directories directly inside a models folder, sorted by name (so lookups are repeatable). */
    private static List<Path> subfolders(Path dir) {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) if (Files.isRegularFile(p.resolve(ModelFiles.PROPERTIES))) out.add(p);
        } catch (IOException e) {
            return out; // a missing or unreadable folder holds no models
        }
        out.sort(null);
        return out;
    }

    private static Properties properties(Path modelDir) {
        try (Reader r = Files.newBufferedReader(modelDir.resolve(ModelFiles.PROPERTIES), StandardCharsets.UTF_8)) {
            Properties p = new Properties();
            p.load(r);
            return p;
        } catch (IOException | IllegalArgumentException e) {
            return new Properties();
        }
    }

    private static Properties properties(URL u) {
        try (InputStream in = u.openStream(); Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            Properties p = new Properties();
            p.load(r);
            return p;
        } catch (IOException | IllegalArgumentException e) {
            return new Properties();
        }
    }

    /** Every {@code models/NAME/rnc-model.properties} on the class path, in class-path order. */
    private static List<URL> classPathModels(String name) throws ModelException {
        try {
            return Collections.list(ModelRegistry.class.getClassLoader()
                    .getResources("models/" + name + "/" + ModelFiles.PROPERTIES));
        } catch (IOException e) {
            throw new ModelException("cannot search the class path for model " + name + ": " + e.getMessage(), e);
        }
    }

    static Path cacheRoot() {
        String c = System.getProperty(CACHE_DIR_PROPERTY, System.getenv(CACHE_DIR_ENV));
        if (c != null && !c.isBlank()) return Path.of(c);
        return Path.of(System.getProperty("user.home"), ".cache", "rnc");
    }

    /** Copies a class-path model (its properties at {@code props}) to the cache folder once; returns that folder. */
    private static Path unpack(String name, URL props) throws ModelException {
        Properties p = properties(props);
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
                try (InputStream in = openBeside(props, f)) {
                    if (in == null) throw new ModelException("bundled model " + name + " lacks " + f);
                    Path out = tmp.resolve(f);
                    Files.createDirectories(out.getParent());
                    Files.copy(in, out);
                }
            }
            try (InputStream in = props.openStream()) {
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

    /** A file of the same class-path model as {@code props}, or null if it is missing. */
    private static InputStream openBeside(URL props, String file) {
        try {
            return new URL(props, file).openStream();
        } catch (IOException e) {
            return null;
        }
    }
}
