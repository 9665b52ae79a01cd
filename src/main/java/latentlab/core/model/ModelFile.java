package latentlab.core.model;

import com.fasterxml.jackson.databind.DeserializationFeature;
import latentlab.core.data.AtomicFiles;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Reads and writes model files ({@code .llab}): a zip archive holding
 * <ul>
 *   <li>{@code manifest.json}: format and version, the {@link ModelConfig}, the dataset's name and
 *       image shape, the preprocessing, the training history and the parameter count;</li>
 *   <li>{@code params.f32}: the flat weight vector, little-endian float32, in {@link ParameterLayout} order;</li>
 *   <li>{@code optimizer.f32} (optional): Adam's two moment vectors, so that training resumes exactly.</li>
 * </ul>
 * Every entry is covered by the zip's CRC, so a damaged file is detected on load. Saves are atomic:
 * the file is written beside the target and moved over it only once complete and synced.
 */
public final class ModelFile {
    /** The conventional file extension. */
    public static final String EXTENSION = ".llab";
    static final String FORMAT = "latentlab-model";
    static final int VERSION = 1;
    private static final String MANIFEST = "manifest.json";
    private static final String PARAMS = "params.f32";
    private static final String OPTIMIZER = "optimizer.f32";

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** What manifest.json holds. */
    record Manifest(String format, int version, ModelConfig config, String dataset, String preprocessing,
                    long parameterCount, Long optimizerIteration, List<EpochRecord> history) {
    }

    private ModelFile() {
    }

    /** Writes the model atomically: a crash during the save leaves any previous file intact. */
    public static void save(Model model, Path file) {
        Model m = model.snapshot();
        OptimizerState opt = m.optimizerState();
        Manifest manifest = new Manifest(FORMAT, VERSION, m.config(), m.datasetName(), m.preprocessing(),
                m.params().length(), opt == null ? null : opt.iteration(), m.history());
        try {
            AtomicFiles.write(file, out -> {
                ZipOutputStream zip = new ZipOutputStream(out);
                zip.putNextEntry(new ZipEntry(MANIFEST));
                zip.write(JSON.writeValueAsBytes(manifest));
                zip.closeEntry();
                zip.putNextEntry(new ZipEntry(PARAMS));
                writeFloats(m.params(), zip);
                zip.closeEntry();
                if (opt != null) {
                    zip.putNextEntry(new ZipEntry(OPTIMIZER));
                    writeFloats(opt.state(), zip);
                    zip.closeEntry();
                }
                zip.finish();
            });
        } catch (IOException e) {
            throw new ModelFileException("could not save the model to " + file.toAbsolutePath() + ": " + describe(e)
                    + ". Any earlier file there is unchanged.", e);
        }
    }

    /**
     * Reads a model file. A missing, corrupt or truncated file, or one whose weights do not match its
     * configuration, gives a {@link ModelFileException} that names the file and says what is wrong.
     */
    public static Model load(Path file) {
        Map<String, byte[]> entries = new HashMap<>();
        try (InputStream in = Files.newInputStream(file); ZipInputStream zip = new ZipInputStream(in)) {
            ZipEntry e;
            while ((e = zip.getNextEntry()) != null) {
                entries.put(e.getName(), zip.readAllBytes());
            }
        } catch (NoSuchFileException e) {
            throw new ModelFileException(file + ": no such file");
        } catch (ZipException | EOFException e) {
            throw new ModelFileException(file + ": the file is damaged or truncated (" + describe(e)
                    + "). Use another copy, or train the model again.", e);
        } catch (IOException e) {
            throw new ModelFileException(file + ": could not be read: " + describe(e), e);
        }
        if (!entries.containsKey(MANIFEST)) {
            throw new ModelFileException(file + ": not a Latent Lab model file (it has no " + MANIFEST
                    + "); model files are written by 'latentlab train' or the app's Save");
        }
        Manifest manifest;
        try {
            manifest = JSON.readValue(entries.get(MANIFEST), Manifest.class);
        } catch (IOException | RuntimeException e) {
            throw new ModelFileException(file + ": its manifest cannot be read (" + describe(e) + ")", e);
        }
        if (!FORMAT.equals(manifest.format())) {
            throw new ModelFileException(file + ": not a Latent Lab model file (format '" + manifest.format() + "')");
        }
        if (manifest.version() > VERSION) {
            throw new ModelFileException(file + ": written by a newer Latent Lab (model format " + manifest.version()
                    + "; this version reads up to " + VERSION + ")");
        }
        if (manifest.config() == null) {
            throw new ModelFileException(file + ": its manifest has no model configuration");
        }
        long expected = ParameterLayout.of(manifest.config()).size();
        byte[] params = entries.get(PARAMS);
        if (params == null) {
            throw new ModelFileException(file + ": it holds no weights (" + PARAMS + " is missing)");
        }
        if (params.length != expected * Float.BYTES || manifest.parameterCount() != expected) {
            throw new ModelFileException(file + ": it holds " + params.length / Float.BYTES + " weights and its "
                    + "manifest declares " + manifest.parameterCount() + ", but its configuration ("
                    + manifest.config().describe() + ") needs " + expected);
        }
        OptimizerState opt = null;
        byte[] optBytes = entries.get(OPTIMIZER);
        if (optBytes == null && manifest.optimizerIteration() != null) {
            // the manifest was written with optimiser state: the file ends early (ZipInputStream does not
            // check the central directory, so a cut between entries is not noticed otherwise)
            throw new ModelFileException(file + ": its optimiser state (" + OPTIMIZER + ") is missing; the file is "
                    + "damaged or truncated. Use another copy, or train the model again.");
        }
        if (optBytes != null && manifest.optimizerIteration() != null) {
            if (optBytes.length != 2 * expected * Float.BYTES) {
                throw new ModelFileException(file + ": its optimiser state has " + optBytes.length / Float.BYTES
                        + " values, expected " + 2 * expected);
            }
            opt = new OptimizerState(readFloats(optBytes), manifest.optimizerIteration());
        }
        return new Model(manifest.config(), readFloats(params), manifest.dataset(), manifest.preprocessing(),
                manifest.history() == null ? List.of() : manifest.history(), opt);
    }

    /**
     * Reads only the manifest of a model file, without its weights: for listing models quickly. The weights
     * are checked against it when the model is loaded.
     */
    static Manifest readManifest(Path file) {
        try (InputStream in = Files.newInputStream(file); ZipInputStream zip = new ZipInputStream(in)) {
            ZipEntry e;
            while ((e = zip.getNextEntry()) != null) {
                if (e.getName().equals(MANIFEST)) {
                    Manifest manifest = JSON.readValue(zip.readAllBytes(), Manifest.class);
                    if (!FORMAT.equals(manifest.format()) || manifest.config() == null) {
                        throw new ModelFileException(file + ": not a Latent Lab model file");
                    }
                    return manifest;
                }
            }
        } catch (NoSuchFileException e) {
            throw new ModelFileException(file + ": no such file");
        } catch (ModelFileException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new ModelFileException(file + ": the file is damaged or not a model file (" + describe(e) + ")", e);
        }
        throw new ModelFileException(file + ": not a Latent Lab model file (it has no " + MANIFEST + ")");
    }

    private static void writeFloats(INDArray array, OutputStream out) throws IOException {
        float[] values = array.castTo(DataType.FLOAT).toFloatVector();
        ByteBuffer buf = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buf.asFloatBuffer().put(values);
        out.write(buf.array());
    }

    private static INDArray readFloats(byte[] bytes) {
        float[] values = new float[bytes.length / Float.BYTES];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
        return Nd4j.createFromArray(values);
    }

    private static String describe(Exception e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
