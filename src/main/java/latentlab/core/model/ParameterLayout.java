package latentlab.core.model;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where each weight matrix and bias of a model lives inside one flat parameter vector. Keeping
 * every parameter in one buffer lets the optimiser update all of them in a single native call and
 * makes a model file a single array.
 *
 * <p>Dense layer {@code name} has {@code name.W} of shape [in, out] and {@code name.b} of shape [out];
 * a layer computes {@code a = h W + b}. Layers, in order: {@code encoder.0 .. encoder.k-1}, then
 * {@code z_mean} and {@code z_log_var} (VAE) or {@code z} (AE), then {@code decoder.0 .. decoder.k-1},
 * then {@code x_out} (logits or the Gaussian mean) and, for the Gaussian with learned variance,
 * {@code x_log_var}.
 */
public final class ParameterLayout {

    /** One tensor's slot in the flat vector. */
    public record Slot(String name, long[] shape, long offset) {
        public long length() {
            long n = 1;
            for (long s : shape) {
                n *= s;
            }
            return n;
        }

        @Override
        public String toString() {
            return name + Arrays.toString(shape);
        }
    }

    /** A dense layer as the two names of its weight and bias. */
    public record Layer(String name, int in, int out) {
        public String weight() {
            return name + ".W";
        }

        public String bias() {
            return name + ".b";
        }
    }

    private final List<Layer> encoder;
    private final List<Layer> heads;
    private final List<Layer> decoder;
    private final List<Layer> outputs;
    private final Map<String, Slot> slots;
    private final long size;

    private ParameterLayout(List<Layer> encoder, List<Layer> heads, List<Layer> decoder, List<Layer> outputs) {
        this.encoder = List.copyOf(encoder);
        this.heads = List.copyOf(heads);
        this.decoder = List.copyOf(decoder);
        this.outputs = List.copyOf(outputs);
        Map<String, Slot> m = new LinkedHashMap<>();
        long offset = 0;
        for (Layer layer : allLayers()) {
            Slot w = new Slot(layer.weight(), new long[]{layer.in(), layer.out()}, offset);
            offset += w.length();
            Slot b = new Slot(layer.bias(), new long[]{layer.out()}, offset);
            offset += b.length();
            m.put(w.name(), w);
            m.put(b.name(), b);
        }
        this.slots = Collections.unmodifiableMap(m);
        this.size = offset;
    }

    /** The layout of a model with this configuration. */
    public static ParameterLayout of(ModelConfig c) {
        List<Layer> enc = new ArrayList<>();
        int in = c.inputSize();
        for (int i = 0; i < c.hidden().size(); i++) {
            enc.add(new Layer("encoder." + i, in, c.hidden().get(i)));
            in = c.hidden().get(i);
        }
        List<Layer> heads = c.kind() == ModelKind.VAE
                ? List.of(new Layer("z_mean", in, c.latent()), new Layer("z_log_var", in, c.latent()))
                : List.of(new Layer("z", in, c.latent()));
        List<Layer> dec = new ArrayList<>();
        in = c.latent();
        for (int i = c.hidden().size() - 1, j = 0; i >= 0; i--, j++) {
            dec.add(new Layer("decoder." + j, in, c.hidden().get(i)));
            in = c.hidden().get(i);
        }
        List<Layer> outs = c.decoder() == DecoderKind.GAUSSIAN
                ? List.of(new Layer("x_out", in, c.inputSize()), new Layer("x_log_var", in, c.inputSize()))
                : List.of(new Layer("x_out", in, c.inputSize()));
        return new ParameterLayout(enc, heads, dec, outs);
    }

    public List<Layer> encoder() {
        return encoder;
    }

    /** {@code [z_mean, z_log_var]} for a VAE, {@code [z]} for an AE. */
    public List<Layer> heads() {
        return heads;
    }

    public List<Layer> decoder() {
        return decoder;
    }

    /** {@code [x_out]} or {@code [x_out, x_log_var]}. */
    public List<Layer> outputs() {
        return outputs;
    }

    public List<Layer> allLayers() {
        List<Layer> all = new ArrayList<>(encoder);
        all.addAll(heads);
        all.addAll(decoder);
        all.addAll(outputs);
        return all;
    }

    public Map<String, Slot> slots() {
        return slots;
    }

    /** Total number of parameters P. */
    public long size() {
        return size;
    }

    /**
     * Views into {@code flat} (shape [P]) by tensor name; writing to a view writes to {@code flat}.
     */
    public Map<String, INDArray> views(INDArray flat) {
        if (flat.length() != size) {
            throw new IllegalArgumentException("expected a flat vector of " + size + " parameters, found " + flat.length());
        }
        Map<String, INDArray> views = new LinkedHashMap<>();
        for (Slot s : slots.values()) {
            INDArray v = flat.get(NDArrayIndex.interval(s.offset(), s.offset() + s.length()));
            views.put(s.name(), s.shape().length == 1 ? v : v.reshape('c', s.shape()));
        }
        return views;
    }
}
