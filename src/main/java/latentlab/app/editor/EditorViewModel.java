package latentlab.app.editor;

import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import latentlab.app.Workspace;
import latentlab.app.common.CodecCache;
import latentlab.app.common.CodecWeights;
import latentlab.app.common.JavaCodec;
import latentlab.app.common.LatestWins;
import latentlab.app.common.Message;
import latentlab.app.common.MessageSink;
import latentlab.app.common.Threads;
import latentlab.core.data.ImagePreprocessor;
import latentlab.core.data.ImageShape;
import latentlab.core.data.Split;
import latentlab.core.explore.ImageTiles;
import latentlab.core.model.EpochRecord;
import latentlab.core.model.Model;
import latentlab.core.model.ModelKind;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The slider editor without its controls. An input image (a dropped or pasted file, preprocessed
 * exactly like the image-folder dataset, or a test image) is encoded; its code sets one slider per
 * latent dimension; every slider move decodes the code again at once, on the FX thread (one code, in
 * plain Java: see {@link #setCode}). Two codes A and B can be interpolated. While training runs, the
 * input is encoded again and the code decoded again with the new weights, on a render thread, latest
 * request wins.
 */
public final class EditorViewModel {
    /** The sliders' range for a VAE: the prior N(0, 1) puts 99.7 % of its mass within 3. */
    public static final double SLIDER_RANGE = 3;

    /** How far an AE's sliders reach beyond its codes' box, as a share of the box's width on each side. */
    static final double AE_RANGE_MARGIN = 0.1;

    /**
     * Each latent dimension's slider range. A VAE's is {@link #SLIDER_RANGE} either side of 0 (its prior);
     * an AE's codes have no prior and spread over whatever range training gave them (often 10 and more
     * either side), so its sliders span the box of its test codes after the last epoch, a tenth wider on
     * each side, out to the next half unit.
     *
     * @param low  per dimension, the slider's minimum
     * @param high per dimension, its maximum
     */
    public record SliderRanges(double[] low, double[] high) {
        /** {@link #SLIDER_RANGE} either side of 0 in each of {@code latent} dimensions. */
        public static SliderRanges prior(int latent) {
            double[] low = new double[latent];
            double[] high = new double[latent];
            Arrays.fill(low, -SLIDER_RANGE);
            Arrays.fill(high, SLIDER_RANGE);
            return new SliderRanges(low, high);
        }

        /** An AE's ranges around its codes' box after an epoch ({@link EpochRecord#codeLow()}, ...). */
        public static SliderRanges around(List<Double> codeLow, List<Double> codeHigh) {
            int l = codeLow.size();
            double[] low = new double[l];
            double[] high = new double[l];
            for (int j = 0; j < l; j++) {
                double lo = codeLow.get(j);
                double hi = codeHigh.get(j);
                double margin = Math.max(AE_RANGE_MARGIN * (hi - lo), 0.5);
                low[j] = Math.floor(2 * (lo - margin)) / 2;
                high[j] = Math.ceil(2 * (hi + margin)) / 2;
            }
            return new SliderRanges(low, high);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof SliderRanges r && Arrays.equals(low, r.low) && Arrays.equals(high, r.high);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(low) + Arrays.hashCode(high);
        }

        @Override
        public String toString() {
            return "SliderRanges" + Arrays.toString(low) + Arrays.toString(high);
        }
    }

    /**
     * A decoded image.
     *
     * @param code           the code decoded
     * @param pixels         the image, values in [0, 1]
     * @param shape          its shape
     * @param requestedNanos {@link System#nanoTime()} when the decode was asked for
     */
    public record Decoded(float[] code, float[] pixels, ImageShape shape, long requestedNanos) {
    }

    /** Where the input came from: a file or pasted picture (kept to prepare again for another shape), or a test image. */
    private sealed interface Source {
        record Picture(BufferedImage image, String name) implements Source {
        }

        record TestImage(int index) implements Source {
        }
    }

    private record DecodeRequest(float[] code, long requestedNanos) {
    }

    private record EncodeRequest(float[] pixels, ImageShape shape) {
    }

    private record Encoded(EncodeRequest request, float[] code) {
    }

    private final Workspace workspace;
    private final Threads threads;
    private final MessageSink messages;
    private final ReadOnlyObjectWrapper<float[]> input = new ReadOnlyObjectWrapper<>(this, "input");
    private final ReadOnlyObjectWrapper<ImageShape> inputShape = new ReadOnlyObjectWrapper<>(this, "inputShape");
    private final ReadOnlyStringWrapper inputDescription = new ReadOnlyStringWrapper(this, "inputDescription", "");
    private final ReadOnlyObjectWrapper<float[]> inputCode = new ReadOnlyObjectWrapper<>(this, "inputCode");
    private final ReadOnlyObjectWrapper<float[]> code = new ReadOnlyObjectWrapper<>(this, "code");
    private final ReadOnlyObjectWrapper<Decoded> decoded = new ReadOnlyObjectWrapper<>(this, "decoded");
    private final ReadOnlyIntegerWrapper latent = new ReadOnlyIntegerWrapper(this, "latent");
    private final ReadOnlyObjectWrapper<SliderRanges> sliderRanges = new ReadOnlyObjectWrapper<>(this, "sliderRanges",
            SliderRanges.prior(0));
    private final ReadOnlyBooleanWrapper edited = new ReadOnlyBooleanWrapper(this, "edited");
    private final ReadOnlyObjectWrapper<float[]> codeA = new ReadOnlyObjectWrapper<>(this, "codeA");
    private final ReadOnlyObjectWrapper<float[]> codeB = new ReadOnlyObjectWrapper<>(this, "codeB");
    private final ReadOnlyDoubleWrapper mix = new ReadOnlyDoubleWrapper(this, "mix");
    private final ReadOnlyIntegerWrapper testImages = new ReadOnlyIntegerWrapper(this, "testImages");
    private final LatestWins<DecodeRequest, Decoded> decoder;
    private final LatestWins<EncodeRequest, Encoded> encoder;
    private final SplittableRandom random = new SplittableRandom();
    private Source source;
    /** The FX thread's own decoder, over {@link #hereSnapshot}. */
    private JavaCodec hereDecoder;
    private final CodecWeights hereWeights = new CodecWeights();                 // hereDecoder's copy; FX thread only
    private Workspace.Snapshot hereSnapshot;

    public EditorViewModel(Workspace workspace, Threads threads, MessageSink messages) {
        this.workspace = workspace;
        this.threads = threads;
        this.messages = messages;
        CodecCache decodeCodecs = new CodecCache(workspace);
        CodecCache encodeCodecs = new CodecCache(workspace);
        this.decoder = new LatestWins<>(threads.render(), threads.ui(), q -> decode(decodeCodecs, q), this::showDecoded,
                e -> messages.post(Message.error("The code could not be decoded: " + e.getMessage())));
        this.encoder = new LatestWins<>(threads.render(), threads.ui(), q -> encode(encodeCodecs, q), this::showEncoded,
                e -> messages.post(Message.error("The image could not be encoded: " + e.getMessage())));
        workspace.sessionProperty().addListener((obs, was, is) -> sessionChanged(was, is));
        workspace.revisionProperty().addListener(o -> {
            reencode();
            redecode();
            updateSliderRanges();
        });
    }

    // --- Properties ----------------------------------------------------------------------------

    /** The preprocessed input image, as the model sees it; null when there is none. */
    public ReadOnlyObjectProperty<float[]> inputProperty() {
        return input.getReadOnlyProperty();
    }

    /** The shape of {@link #inputProperty()}. */
    public ReadOnlyObjectProperty<ImageShape> inputShapeProperty() {
        return inputShape.getReadOnlyProperty();
    }

    /** Where the input came from: "digit.png" or "test image 12 (7)". */
    public ReadOnlyStringProperty inputDescriptionProperty() {
        return inputDescription.getReadOnlyProperty();
    }

    /** The input's code (z_mean); what its marker on the latent map shows. */
    public ReadOnlyObjectProperty<float[]> inputCodeProperty() {
        return inputCode.getReadOnlyProperty();
    }

    /** The code the sliders hold; a new array on every change. */
    public ReadOnlyObjectProperty<float[]> codeProperty() {
        return code.getReadOnlyProperty();
    }

    /** The latest decoded image. */
    public ReadOnlyObjectProperty<Decoded> decodedProperty() {
        return decoded.getReadOnlyProperty();
    }

    /** The latent size: how many sliders. */
    /** How many test images there are to pick from: none when the dataset is not on this computer. */
    public ReadOnlyIntegerProperty testImagesProperty() {
        return testImages.getReadOnlyProperty();
    }

    public ReadOnlyIntegerProperty latentProperty() {
        return latent.getReadOnlyProperty();
    }

    /** The sliders' ranges, one per latent dimension; they follow an AE's codes after each epoch. */
    public ReadOnlyObjectProperty<SliderRanges> sliderRangesProperty() {
        return sliderRanges.getReadOnlyProperty();
    }

    /** Whether the sliders have moved away from the input's code. */
    public ReadOnlyBooleanProperty editedProperty() {
        return edited.getReadOnlyProperty();
    }

    /** Interpolation start; null until set. */
    public ReadOnlyObjectProperty<float[]> codeAProperty() {
        return codeA.getReadOnlyProperty();
    }

    /** Interpolation end; null until set. */
    public ReadOnlyObjectProperty<float[]> codeBProperty() {
        return codeB.getReadOnlyProperty();
    }

    /** Where between A (0) and B (1) the code was last set. */
    public ReadOnlyDoubleProperty mixProperty() {
        return mix.getReadOnlyProperty();
    }

    // --- Commands ------------------------------------------------------------------------------

    /**
     * Uses an image file as input, prepared like the image-folder dataset. A file that is not an
     * image gets a message naming it, and the editor keeps its input.
     */
    public void loadFile(Path file) {
        threads.background(threads.io(), () -> ImagePreprocessor.read(file),
                image -> usePicture(new Source.Picture(image, file.getFileName().toString())),
                e -> messages.post(Message.error("Could not use the dropped file: " + e.getMessage())));
    }

    /** Uses a pasted or dragged picture as input. */
    public void loadImage(BufferedImage image, String name) {
        usePicture(new Source.Picture(image, name));
    }

    /** Uses test image {@code index} of the dataset as input. */
    public void pickTestImage(int index) {
        Workspace.Session s = workspace.session();
        if (s == null || index < 0 || index >= s.dataset().test().size()) {
            return;
        }
        source = new Source.TestImage(index);
        Split test = s.dataset().test();
        int label = test.labels()[index];
        List<String> names = s.dataset().classNames();
        setInput(test.image(index), test.shape(), "test image " + index
                + (label >= 0 && label < names.size() ? " (" + names.get(label) + ")" : ""));
    }

    /** Uses a random test image as input. */
    public void pickRandomTestImage() {
        Workspace.Session s = workspace.session();
        if (s != null && s.dataset().test().size() > 0) {
            pickTestImage(random.nextInt(s.dataset().test().size()));
        }
    }

    /**
     * Sets the sliders to a random code and decodes it: for a VAE a draw from its prior N(0, I), which is
     * how a VAE generates; for an AE, which has no prior, a draw from a Gaussian over the range its test
     * codes spanned after the last epoch (centre of the box, a sixth of its width as the standard
     * deviation, since 1,000 Gaussian codes span about plus or minus three of them).
     */
    public void sample() {
        Workspace.Session s = workspace.session();
        if (s == null) {
            return;
        }
        Model model = latestModel(s);
        int l = model.config().latent();
        float[] z = new float[l];
        EpochRecord last = aeCodeBox(model);
        for (int j = 0; j < l; j++) {
            double g = random.nextGaussian();                      // N(0, 1)
            if (last != null) {
                double lo = last.codeLow().get(j);
                double hi = last.codeHigh().get(j);
                g = (lo + hi) / 2 + g * (hi - lo) / 6;
            }
            z[j] = (float) g;
        }
        edited.set(true);
        setCode(z, true);
    }

    /** While training runs, the model as of the latest copy taken (if any); else the session's own. */
    private Model latestModel(Workspace.Session s) {
        // the history of a copy: the live model's lock is the trainer's, which the FX thread must not wait for
        Workspace.Snapshot copy = workspace.isTraining() ? workspace.latestSnapshot() : null;
        return copy != null ? copy.model() : s.model();
    }

    /**
     * For an AE, its last epoch if that recorded the box of its codes, read without waiting for the
     * trainer; null for a VAE, and when there is none to read.
     */
    private EpochRecord aeCodeBox(Model model) {
        boolean copy = model != workspace.session().model();
        List<EpochRecord> history = copy || !workspace.isTraining() ? model.history() : List.of();
        EpochRecord last = history.isEmpty() ? null : history.get(history.size() - 1);
        return model.config().kind() == ModelKind.AE && last != null && last.hasCodeBox()
                && last.codeLow().size() == model.config().latent() ? last : null;
    }

    private void updateSliderRanges() {
        Workspace.Session s = workspace.session();
        if (s == null) {
            return;
        }
        Model model = latestModel(s);
        int l = model.config().latent();
        SliderRanges ranges = SliderRanges.prior(l);
        EpochRecord last = aeCodeBox(model);
        if (last != null) {
            ranges = SliderRanges.around(last.codeLow(), last.codeHigh());
        } else if (model.config().kind() == ModelKind.AE && workspace.isTraining()
                && sliderRanges.get().low().length == l) {
            return;                                           // no epoch to read yet: keep the last one's ranges
        }
        if (!ranges.equals(sliderRanges.get())) {
            sliderRanges.set(ranges);
        }
    }

    /** Moves one slider. */
    public void setDimension(int dimension, double value) {
        float[] z = currentOrZero();
        if (dimension < 0 || dimension >= z.length) {
            return;
        }
        z[dimension] = (float) value;
        edited.set(true);
        setCode(z, true);
    }

    /** Sets every slider at once (a click on the manifold). */
    public void setCode(float[] z) {
        if (z.length == latent.get()) {
            edited.set(true);
            setCode(z.clone(), true);
        }
    }

    /** Back to the input's code, or to the origin without an input. */
    public void reset() {
        edited.set(false);
        setCode(inputCode.get() != null ? inputCode.get().clone() : new float[latent.get()], true);
    }

    /** Remembers the current code as interpolation start. */
    public void setA() {
        codeA.set(currentOrZero());
    }

    /** Remembers the current code as interpolation end. */
    public void setB() {
        codeB.set(currentOrZero());
    }

    /** Sets the code to (1 - t) A + t B; needs A and B. */
    public void interpolate(double t) {
        float[] a = codeA.get();
        float[] b = codeB.get();
        if (a == null || b == null || a.length != latent.get() || b.length != latent.get()) {
            return;
        }
        mix.set(t);
        float[] z = new float[a.length];
        for (int j = 0; j < z.length; j++) {
            z[j] = (float) ((1 - t) * a[j] + t * b[j]);
        }
        edited.set(true);
        setCode(z, true);
    }

    /** Writes the decoded image as a PNG at its own resolution; on the I/O thread. */
    public void saveDecoded(Path file) {
        Decoded d = decoded.get();
        if (d == null) {
            messages.post(Message.warning("There is no decoded image to save yet."));
            return;
        }
        threads.background(threads.io(), () -> {
            ImageTiles.writePng(ImagePreprocessor.toBufferedImage(d.pixels(), d.shape()), file);
            return file;
        }, f -> messages.post(Message.info("Saved the decoded image to " + f + ".")), e -> messages.post(Message.error(e)));
    }

    /** Stops decoding; on exit. */
    public void shutdown() {
        decoder.close();
        encoder.close();
    }

    // --- Internals -----------------------------------------------------------------------------

    private void usePicture(Source.Picture picture) {
        Workspace.Session s = workspace.session();
        if (s == null) {
            return;
        }
        ImageShape shape = s.dataset().shape();
        threads.background(threads.io(), () -> ImagePreprocessor.preprocess(picture.image(), shape), pixels -> {
            source = picture;
            setInput(pixels, shape, picture.name());
        }, e -> messages.post(Message.error("Could not use " + picture.name() + ": " + e.getMessage())));
    }

    private void setInput(float[] pixels, ImageShape shape, String description) {
        inputShape.set(shape);
        input.set(pixels);
        inputDescription.set(description);
        edited.set(false);
        encoder.submit(new EncodeRequest(pixels, shape));
    }

    private void sessionChanged(Workspace.Session was, Workspace.Session is) {
        int l = is.model().config().latent();
        boolean sameShape = was != null && was.dataset().shape().equals(is.dataset().shape());
        boolean sameData = was != null && was.dataset() == is.dataset();
        latent.set(l);
        updateSliderRanges();
        testImages.set(is.dataset().test().size());
        codeA.set(null);
        codeB.set(null);
        inputCode.set(null);
        edited.set(false);
        code.set(new float[l]);
        if (source instanceof Source.Picture p) {
            if (sameShape) {
                encoder.submit(new EncodeRequest(input.get(), inputShape.get()));
            } else {
                usePicture(p);
            }
        } else if (source instanceof Source.TestImage t && sameData) {
            pickTestImage(t.index());
        } else {
            source = null;
            input.set(null);
            inputDescription.set("");
            pickRandomTestImage();
        }
    }

    private void reencode() {
        if (input.get() != null) {
            encoder.submit(new EncodeRequest(input.get(), inputShape.get()));
        }
    }

    private void redecode() {
        if (code.get() != null && code.get().length == latent.get()) {
            decoder.submit(new DecodeRequest(code.get(), System.nanoTime()));
        }
    }

    /**
     * Shows a new code. Its image is decoded at once on this (the FX) thread, in plain Java
     * ({@link JavaCodec}), when the weights copy the workers last took is at hand: one code is a
     * fraction of a millisecond, and the image reaches the screen at the next pulse, with no hand-over
     * to a worker and back. Otherwise (a new model whose copy is not taken yet) a render worker decodes it.
     */
    private void setCode(float[] z, boolean decode) {
        code.set(z);
        if (!decode) {
            return;
        }
        long requested = System.nanoTime();
        Decoded now = decodeHere(z, requested);
        if (now != null) {
            decoded.set(now);
        } else {
            decoder.submit(new DecodeRequest(z, requested));
        }
    }

    /** Decodes one code with the latest weights copy, without waiting for a new one; null when there is none. */
    private Decoded decodeHere(float[] z, long requested) {
        Workspace.Snapshot s = workspace.latestSnapshot();
        if (s == null) {
            return null;
        }
        try {
            if (s != hereSnapshot) {
                hereSnapshot = null;                                                 // until the copy is whole
                hereDecoder = hereWeights.codec(s.model());
                hereSnapshot = s;
            }
            return hereDecoder.latent() == z.length
                    ? new Decoded(z, hereDecoder.decode(z), s.model().config().shape(), requested) : null;
        } catch (RuntimeException e) {
            return null;                                                              // the worker tries, and reports
        }
    }

    private float[] currentOrZero() {
        float[] z = code.get();
        return z != null && z.length == latent.get() ? z.clone() : new float[latent.get()];
    }

    private Decoded decode(CodecCache codecs, DecodeRequest q) {
        JavaCodec codec = codecs.codec();
        if (codec == null || codec.latent() != q.code().length) {
            return null;                                                               // a new model: a new request follows
        }
        ImageShape shape = codecs.snapshot().model().config().shape();
        return new Decoded(q.code(), codec.decode(q.code()), shape, q.requestedNanos());
    }

    private Encoded encode(CodecCache codecs, EncodeRequest q) {
        JavaCodec codec = codecs.codec();
        if (codec == null || codec.inputSize() != q.pixels().length) {
            return null;
        }
        return new Encoded(q, codec.encode(q.pixels(), 1).mean()[0]);
    }

    private void showEncoded(Encoded e) {
        if (e.request().pixels() != input.get() || e.code().length != latent.get()) {
            return;                                                                   // for an input since replaced
        }
        inputCode.set(e.code());
        if (!edited.get()) {
            setCode(e.code().clone(), true);
        }
    }

    private void showDecoded(Decoded d) {
        if (d.code() == code.get()) {                                               // not for a code since replaced
            decoded.set(d);
        }
    }
}
