package latentlab.core.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * The built-in dataset, generated on the spot: 28x28 cartoon faces, a light face on a black background
 * (the polarity of MNIST), that vary along two known continuous factors, each drawn uniformly from [-1, 1]:
 * <ul>
 *   <li><b>turn</b>: the head turns; eyes, nose and mouth move horizontally, towards the image's left for
 *       -1 and its right for +1 (the nose furthest, for parallax), and the face outline and the eye on the
 *       side the head turns to narrow;</li>
 *   <li><b>smile</b>: the mouth bends from a frown (-1, corners down) through a straight line (0) to a
 *       smile (+1, corners up).</li>
 * </ul>
 * Each face also gets a small random shift (up to {@value #JITTER_PIXELS} px) and scale (up to
 * {@value #JITTER_SCALE} relative), and Gaussian pixel noise of standard deviation {@value #NOISE_SIGMA}.
 * Shapes are drawn analytically with soft edges (coverage from the signed distance to each shape, a one-pixel
 * ramp), so the images are antialiased. Each image has a class label from cutting both factors into
 * thirds, 3 x 3 = 9 classes such as "left frown" or "centre smile", so that the latent map can be coloured.
 */
public final class SyntheticFaces {
    /** Dataset name in the catalogue. */
    public static final String NAME = "synthetic";
    /** Default number of training faces. */
    public static final int DEFAULT_TRAIN = 6000;
    /** Default number of test faces. */
    public static final int DEFAULT_TEST = 1000;
    /** Default seed. */
    public static final long DEFAULT_SEED = 7L;
    /** Standard deviation of the pixel noise. */
    public static final float NOISE_SIGMA = 0.03f;
    /** Largest random shift of a face, in pixels, in each direction. */
    public static final float JITTER_PIXELS = 0.25f;
    /** Largest random relative change of a face's size. */
    public static final float JITTER_SCALE = 0.015f;
    /** What {@link Dataset#preprocessing()} says for these faces. */
    public static final String PREPROCESSING = "generated: antialiased cartoon faces in [0, 1], light on black,"
            + " turn and smile uniform in [-1, 1], jitter and Gaussian noise (sigma " + NOISE_SIGMA + ")";

    private static final ImageShape SHAPE = ImageShape.MNIST;
    private static final String[] TURN_NAMES = {"left", "centre", "right"};
    private static final String[] SMILE_NAMES = {"frown", "neutral", "smile"};
    private static final float BIN_EDGE = 1f / 3f;

    // Geometry in pixels on the 28x28 canvas, before jitter.
    private static final float CENTRE_X = 14f;
    private static final float CENTRE_Y = 14.5f;
    private static final float FACE_RX = 9f;
    private static final float FACE_RY = 11.5f;
    private static final float FACE_SHIFT = 1.2f;
    private static final float FACE_NARROWING = 0.12f;
    private static final float FACE_WIDENING = 0.04f;
    private static final float FEATURE_SHIFT = 2.0f;
    private static final float NOSE_SHIFT = 3.0f;
    private static final float EYE_DY = -3.5f;
    private static final float EYE_DX = 3.6f;
    private static final float EYE_RX = 1.5f;
    private static final float EYE_RY = 1.3f;
    private static final float EYE_NARROWING = 0.35f;
    /** How much a full smile squints the eyes (their height shrinks by this fraction). */
    private static final float EYE_SQUINT = 0.6f;
    private static final float NOSE_TOP = -1.5f;
    private static final float NOSE_BOTTOM = 2.5f;
    private static final float NOSE_RADIUS = 0.6f;
    private static final float MOUTH_DY = 5.8f;
    private static final float MOUTH_HALF_WIDTH = 4.6f;
    private static final float MOUTH_BEND = 6.0f;
    private static final float MOUTH_RADIUS = 1.1f;
    // Intensities.
    private static final float FACE_LEVEL = 0.92f;
    private static final float EYE_DARKNESS = 0.85f;
    private static final float NOSE_DARKNESS = 0.55f;
    private static final float MOUTH_DARKNESS = 0.85f;

    private SyntheticFaces() {
    }

    /**
     * Generated faces and the factors that made them.
     *
     * @param images the faces, labelled with their 3x3 bin of (turn, smile)
     * @param turn   the head turn of each face, in [-1, 1]
     * @param smile  the smile of each face, in [-1, 1]
     */
    public record Faces(Split images, float[] turn, float[] smile) {
    }

    /** The default dataset: {@value #DEFAULT_TRAIN} training and {@value #DEFAULT_TEST} test faces, seed 7. */
    public static Dataset dataset() {
        return dataset(DEFAULT_TRAIN, DEFAULT_TEST, DEFAULT_SEED);
    }

    /** A dataset named "synthetic": the first {@code nTrain} of {@code nTrain + nTest} faces train, the rest test. */
    public static Dataset dataset(int nTrain, int nTest, long seed) {
        Split all = generate(nTrain + nTest, seed).images();
        int[] trainIdx = range(0, nTrain);
        int[] testIdx = range(nTrain, nTrain + nTest);
        return new Dataset(NAME, SHAPE, all.select(trainIdx), all.select(testIdx), classNames(), PREPROCESSING);
    }

    /** The 9 class names, label {@code 3 * turnBin + smileBin}: "left frown", "left neutral", ... "right smile". */
    public static List<String> classNames() {
        List<String> names = new ArrayList<>();
        for (String turn : TURN_NAMES) {
            for (String smile : SMILE_NAMES) {
                names.add(turn + " " + smile);
            }
        }
        return names;
    }

    /** The class label of a face with these factors: each factor cut at -1/3 and 1/3. */
    public static int label(float turn, float smile) {
        return bin(turn) * SMILE_NAMES.length + bin(smile);
    }

    /**
     * {@code n} faces from a {@link Random} seeded with {@code seed}; the same seed gives the same faces.
     * The factors, the jitter and a noise seed of each face are drawn in sequence from that generator;
     * the faces are then rendered in parallel, each with its own {@link SplittableRandom} for the noise.
     */
    public static Faces generate(int n, long seed) {
        Random random = new Random(seed);
        Pose[] poses = new Pose[n];
        int[] labels = new int[n];
        float[] turn = new float[n];
        float[] smile = new float[n];
        for (int i = 0; i < n; i++) {
            turn[i] = uniform(random);
            smile[i] = uniform(random);
            labels[i] = label(turn[i], smile[i]);
            poses[i] = new Pose(turn[i], smile[i], JITTER_PIXELS * uniform(random), JITTER_PIXELS * uniform(random),
                    1f + JITTER_SCALE * uniform(random), random.nextLong());
        }
        int d = SHAPE.pixels();
        float[] pixels = new float[n * d];
        IntStream.range(0, n).parallel().forEach(i -> {
            render(poses[i], pixels, i * d);
            SplittableRandom noise = new SplittableRandom(poses[i].noiseSeed());
            for (int p = i * d; p < (i + 1) * d; p++) {
                pixels[p] = Math.clamp(pixels[p] + NOISE_SIGMA * (float) noise.nextGaussian(), 0f, 1f);
            }
        });
        return new Faces(new Split(pixels, labels, SHAPE), turn, smile);
    }

    /** The factors, jitter and noise seed of one face. */
    private record Pose(float turn, float smile, float dx, float dy, float scale, long noiseSeed) {
    }

    /** Draws one noiseless face into {@code out[offset .. offset + 784)}. */
    private static void render(Pose pose, float[] out, int offset) {
        float t = pose.turn();
        float s = pose.scale();
        float cy = CENTRE_Y + pose.dy();
        float faceX = CENTRE_X + pose.dx() + FACE_SHIFT * t;
        // The side the head turns to (right for t > 0) narrows, the other widens a little.
        float faceRight = FACE_RX * s * (1f - FACE_NARROWING * Math.max(0f, t) + FACE_WIDENING * Math.max(0f, -t));
        float faceLeft = FACE_RX * s * (1f - FACE_NARROWING * Math.max(0f, -t) + FACE_WIDENING * Math.max(0f, t));
        float featureX = CENTRE_X + pose.dx() + FEATURE_SHIFT * t;
        float noseX = CENTRE_X + pose.dx() + NOSE_SHIFT * t;
        float eyeY = cy + EYE_DY * s;
        // A smile squints the eyes, a frown opens them a little: the smile shows in two places.
        float eyeRy = EYE_RY * s * (1f - EYE_SQUINT * pose.smile() * (pose.smile() > 0 ? 1f : 0.3f));
        float leftEyeRx = EYE_RX * s * (1f - EYE_NARROWING * Math.max(0f, -t));
        float rightEyeRx = EYE_RX * s * (1f - EYE_NARROWING * Math.max(0f, t));
        float mouthY = cy + MOUTH_DY * s;
        float mouthHalf = MOUTH_HALF_WIDTH * s;
        float bend = MOUTH_BEND * s * pose.smile();
        float noseTop = cy + NOSE_TOP * s;
        float noseBottom = cy + NOSE_BOTTOM * s;
        for (int row = 0; row < SHAPE.rows(); row++) {
            float y = row + 0.5f;
            // Only rows within a pixel of a feature's extent need its distance.
            boolean eyeRow = Math.abs(y - eyeY) < eyeRy + 1f;
            boolean noseRow = y > noseTop - NOSE_RADIUS * s - 1f && y < noseBottom + NOSE_RADIUS * s + 1f;
            boolean mouthRow = Math.abs(y - mouthY) < Math.abs(bend) / 2 + MOUTH_RADIUS * s + 1f;
            for (int col = 0; col < SHAPE.cols(); col++) {
                float x = col + 0.5f;
                float rx = x < faceX ? faceLeft : faceRight;
                float face = coverage(ellipseDistance(x - faceX, y - cy, rx, FACE_RY * s));
                float dark = 0f;
                if (face > 0f && eyeRow) {
                    dark = EYE_DARKNESS * Math.max(
                            coverage(ellipseDistance(x - (featureX - EYE_DX * s), y - eyeY, leftEyeRx, eyeRy)),
                            coverage(ellipseDistance(x - (featureX + EYE_DX * s), y - eyeY, rightEyeRx, eyeRy)));
                }
                if (face > 0f && noseRow) {
                    dark = Math.max(dark, NOSE_DARKNESS
                            * coverage(segmentDistance(x - noseX, y, noseTop, noseBottom) - NOSE_RADIUS * s));
                }
                if (face > 0f && mouthRow) {
                    dark = Math.max(dark, MOUTH_DARKNESS
                            * coverage(mouthDistance(x - featureX, y - mouthY, mouthHalf, bend) - MOUTH_RADIUS * s));
                }
                out[offset + row * SHAPE.cols() + col] = face * FACE_LEVEL * (1f - dark);
            }
        }
    }

    /** The fraction of a pixel covered by a shape whose signed distance at the pixel centre is {@code d}. */
    private static float coverage(float d) {
        return Math.clamp(0.5f - d, 0f, 1f);
    }

    /** Approximate signed distance to an axis-aligned ellipse: the implicit function over its gradient. */
    private static float ellipseDistance(float dx, float dy, float rx, float ry) {
        float u = dx / rx;
        float v = dy / ry;
        float f = u * u + v * v - 1f;
        float gx = 2f * dx / (rx * rx);
        float gy = 2f * dy / (ry * ry);
        float g = (float) Math.sqrt(gx * gx + gy * gy);
        return g > 1e-6f ? f / g : -Math.min(rx, ry);
    }

    /** Distance from a point (dx from the segment's x, y) to the vertical segment from top to bottom. */
    private static float segmentDistance(float dx, float y, float top, float bottom) {
        float dy = y < top ? top - y : y > bottom ? y - bottom : 0f;
        return (float) Math.sqrt(dx * dx + dy * dy);
    }

    /**
     * Distance to the mouth curve {@code y = bend * (0.5 - u^2)} for {@code u = x / halfWidth} in [-1, 1]:
     * a positive bend puts the corners above the middle (a smile; image y points down).
     */
    private static float mouthDistance(float dx, float dy, float halfWidth, float bend) {
        float u = Math.clamp(dx / halfWidth, -1f, 1f);
        float curveY = -bend * (u * u - 0.5f);
        if (Math.abs(dx) > halfWidth) {
            float ex = Math.abs(dx) - halfWidth;
            float ey = dy - curveY;
            return (float) Math.sqrt(ex * ex + ey * ey);
        }
        float slope = -2f * bend * u / halfWidth;
        return Math.abs(dy - curveY) / (float) Math.sqrt(1f + slope * slope);
    }

    private static float uniform(Random random) {
        return 2f * random.nextFloat() - 1f;
    }

    private static int bin(float factor) {
        return factor < -BIN_EDGE ? 0 : factor > BIN_EDGE ? 2 : 1;
    }

    private static int[] range(int from, int to) {
        int[] indices = new int[to - from];
        Arrays.setAll(indices, i -> from + i);
        return indices;
    }
}
