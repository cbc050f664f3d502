package org.rnc.model;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;

import org.apache.commons.io.file.PathUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnc.format.ModelId;

/** Models are found by name and hash among every folder and class-path entry, whatever their folder is called. */
class ModelRegistryTest {
    @AfterEach
    void restore() {
        System.clearProperty(ModelRegistry.MODELS_DIR_PROPERTY);
        System.clearProperty(ModelRegistry.ENTROPY_PROPERTY);
    }

    @Test
    void aFileFindsItsModelByHashInAnyFolderOfTheModelsDirectory(@TempDir Path dir) throws Exception {
        PortableEntropyModel shipped = ModelRegistry.entropyFor(ModelRegistry.get(ModelRegistry.DEFAULT_MODEL));
        Path original = ModelRegistry.locate(shipped.id().name());
        // an "older version" of the same name, in a folder named otherwise: the same files under a made-up hash
        Path versions = dir.resolve("models");
        Path copy = versions.resolve(shipped.id().name() + "-old");
        Files.createDirectories(versions);
        PathUtils.copyDirectory(original, copy);
        String props = Files.readString(copy.resolve(ModelFiles.PROPERTIES));
        String fake = "00".repeat(32);
        Files.writeString(copy.resolve(ModelFiles.PROPERTIES), props.replace(shipped.id().hashHex(), fake));
        System.setProperty(ModelRegistry.MODELS_DIR_PROPERTY, dir.resolve("elsewhere") + java.io.File.pathSeparator + versions);

        // the real hash still resolves (to the class path), the made-up one to the folder
        assertEquals(original, ModelRegistry.locate(shipped.id(), "entropy model"));
        ModelId old = new ModelId(shipped.id().name(), HexFormat.of().parseHex(fake));
        assertEquals(copy, ModelRegistry.locate(old, "entropy model"));
        // loading checks the hash: the copy's files do not hash to the made-up value
        assertThrows(ModelException.class, () -> ModelRegistry.entropy(old));

        // a hash nobody has: the error names the versions that are installed
        ModelId missing = new ModelId(shipped.id().name(), HexFormat.of().parseHex("11".repeat(32)));
        ModelException e = assertThrows(ModelException.class, () -> ModelRegistry.locate(missing, "entropy model"));
        assertTrue(e.getMessage().contains(shipped.id().name() + " sha256 " + "11".repeat(32)), e.getMessage());
        assertTrue(e.getMessage().contains("sha256 " + shipped.id().hashHex() + " on the class path"), e.getMessage());
        assertTrue(e.getMessage().contains("sha256 " + fake + " in " + copy), e.getMessage());
        assertTrue(e.getMessage().contains("docs/MODELS.md"), e.getMessage());
    }

    @Test
    void theCatalogNamesThePortableEntropyModelOfTheDefaultCodec() throws Exception {
        String name = ModelRegistry.catalogEntropyName(ModelRegistry.defaultModelName());
        assertNotNull(name);
        assertInstanceOf(PortableEntropyModel.class, ModelRegistry.entropy(name));
        // the format 1 model is still installed for reading, never picked for writing
        assertInstanceOf(EntropyModel.class, ModelRegistry.entropy(ModelRegistry.DEFAULT_MODEL + "-entropy"));
        assertEquals(name, ModelRegistry.entropyFor(ModelRegistry.get(ModelRegistry.defaultModelName())).id().name());
    }

    @Test
    void aNamedCodecGetsTheEntropyModelAndPostFilterTheCatalogPairsWithIt() throws Exception {
        // codecs installed side by side (rnc-3 and rnc-4, defaults before rnc-5, and rnc-5) each get their own
        // models, never the default's or each other's
        String[][] pairs = {{"rnc-3", "rnc-3-pe2", "rnc-3-pf2"}, {"rnc-4", "rnc-4-pe1", "rnc-4-pf1"},
                {"rnc-5", "rnc-5-pe1", "rnc-5-pf1"}};
        for (String[] pair : pairs) {
            CodecModel codec = ModelRegistry.get(pair[0]);
            assertEquals(pair[1], ModelRegistry.entropyFor(codec).id().name());
            assertArrayEquals(codec.id().sha256(), ModelRegistry.entropyFor(codec).codec().sha256());
            assertEquals(pair[2], ModelRegistry.postFilterFor(codec.id()).id().name());
            assertArrayEquals(codec.id().sha256(), ModelRegistry.postFilterFor(codec.id()).codec().sha256());
        }
    }

    @Test
    void theEntropyPropertyIsTriedFirstAndOnlyForItsOwnCodec() throws Exception {
        // rnc-3 by name, whatever the default is: its older portable model rnc-3-pe1 is installed for its files
        CodecModel codec = ModelRegistry.get("rnc-3");
        String catalogs = ModelRegistry.catalogEntropyName(codec.id().name());
        // an older portable model of the same codec, installed for its files: named, the writer takes it
        String older = "rnc-3-pe1";
        assertNotEquals(older, catalogs, "the catalog has moved on from " + older);
        System.setProperty(ModelRegistry.ENTROPY_PROPERTY, older);
        assertEquals(older, ModelRegistry.entropyFor(codec).id().name());
        // another codec's model, or a name nobody has: the catalog's
        System.setProperty(ModelRegistry.ENTROPY_PROPERTY, "rnc-default-pe1");
        assertEquals(catalogs, ModelRegistry.entropyFor(codec).id().name());
        System.setProperty(ModelRegistry.ENTROPY_PROPERTY, "no-such-entropy-model");
        assertEquals(catalogs, ModelRegistry.entropyFor(codec).id().name());
    }
}
