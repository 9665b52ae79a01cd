package latentlab.app.common;

import latentlab.core.model.Model;

/**
 * The array that one view's successive plain-Java codecs copy the weights into: a view that rebuilds its
 * codec several times a second while training runs then leaves no 3 MB array behind each time. Its owner
 * builds one codec at a time and is done with it before it builds the next (one worker thread, or the FX
 * thread), since the next copy overwrites the array.
 */
public final class CodecWeights {
    private float[] weights = new float[0];

    /** A codec over the model's current weights, copied into this holder's array (made anew when the size changes). */
    public JavaCodec codec(Model model) {
        long p = model.params().length();
        if (weights.length != p) {
            weights = new float[Math.toIntExact(p)];
        }
        return new JavaCodec(model, weights);
    }
}
