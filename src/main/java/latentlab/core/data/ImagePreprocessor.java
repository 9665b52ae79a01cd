package latentlab.core.data;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * The one preprocessing applied to the user's own images, both those of an image-folder dataset and
 * an image dropped on the app window, so that they look like MNIST: white strokes on a black background,
 * cropped, scaled and centred the same way. The steps:
 * <ol>
 *   <li>Greyscale by luminance (0.299 R + 0.587 G + 0.114 B); transparent pixels are composited onto white.
 *       A large image is first reduced by exact area averaging of k x k blocks to at most
 *       {@value #WORK_MAX_SIDE} pixels on its longer side.</li>
 *   <li>If the median of the border pixels is light (above {@value #LIGHT_BACKGROUND}) the image is
 *       inverted, so that the foreground is bright.</li>
 *   <li>Contrast stretch: the background level maps to 0 and the brightest pixel to 1. The background
 *       level is the 90th percentile of the border, which also covers uneven lighting and paper grain in
 *       photos, or the median where the two differ by more than {@value #MAX_BORDER_SPREAD} (the
 *       foreground then touches the border). Values at or below {@value #FOREGROUND_THRESHOLD} are
 *       background and become 0. An image whose brightest pixel is within {@value #MIN_CONTRAST} of the
 *       background level is blank and gives all zeros.</li>
 *   <li>Crop to the bounding box of the foreground and scale it, keeping its aspect ratio, so that it
 *       fits into a box of 20/28 of the target (20x20 for 28x28, as MNIST does), using a tent filter that
 *       is bilinear when enlarging and averages over the covered area when reducing; then scale the values
 *       so that the brightest is 1 again.</li>
 *   <li>Place the scaled box so that its centre of mass falls on pixel (rows/2, cols/2) of the target,
 *       moved as little as needed to keep it wholly inside.</li>
 * </ol>
 * {@link #read} decodes files with ImageIO; an image of more than {@value #SUBSAMPLE_ABOVE_PIXELS} pixels is
 * subsampled while it is decoded, and one of more than {@value #MAX_PIXELS} pixels is refused.
 */
public final class ImagePreprocessor {
    /** Images with more pixels than this are refused by {@link #read}. */
    public static final long MAX_PIXELS = 100_000_000L;
    /** Images with more pixels than this are subsampled while being decoded by {@link #read}. */
    public static final long SUBSAMPLE_ABOVE_PIXELS = 16_000_000L;
    /** Longest side of the working greyscale image; larger images are area-averaged down to it. */
    public static final int WORK_MAX_SIDE = 512;
    /** A border median above this means a light background, and the image is inverted. */
    public static final float LIGHT_BACKGROUND = 0.5f;
    /** After the contrast stretch, pixels above this are foreground; the rest become 0. */
    public static final float FOREGROUND_THRESHOLD = 0.1f;
    /** The percentile of the border pixels taken as the background level. */
    public static final double BACKGROUND_PERCENTILE = 0.9;
    /** Where the 90th percentile of the border exceeds its median by more than this, the median is used. */
    public static final float MAX_BORDER_SPREAD = 0.25f;
    /** A brightest pixel closer than this to the background level means a blank image. */
    public static final float MIN_CONTRAST = 0.05f;
    /** The fraction of the target that the foreground box is fitted into: 20 of 28 pixels, as in MNIST. */
    public static final double FIT_FRACTION = 20.0 / 28.0;
    /** The image formats {@link #read} is sure to decode, for messages. */
    public static final String FORMATS = "PNG, JPEG, GIF, BMP";

    private static final float RED_WEIGHT = 0.299f;
    private static final float GREEN_WEIGHT = 0.587f;
    private static final float BLUE_WEIGHT = 0.114f;
    private static final double MEDIAN = 0.5;
    private static final int BYTE_MASK = 0xff;
    private static final int MAX_RAW_SAMPLE_BITS = 16;

    private ImagePreprocessor() {
    }

    /** What {@link Dataset#preprocessing()} says for images prepared by this class for {@code target}. */
    public static String description(ImageShape target) {
        return "greyscale (luminance), inverted if the border is light, contrast-stretched, cropped to the"
                + " foreground (> " + FOREGROUND_THRESHOLD + "), fitted into " + fitRows(target) + "x"
                + fitCols(target) + " and centred by mass in " + target;
    }

    /**
     * Reads an image file with ImageIO, decoding a very large one with subsampling.
     *
     * @throws DatasetException naming the file when it is missing, cannot be decoded, or is larger than
     *                          {@link #MAX_PIXELS}
     */
    public static BufferedImage read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw DatasetException.badFile(file, Files.exists(file) ? "not a regular file" : "file not found");
        }
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                throw notAnImage(file, null);
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
                if (pixels > MAX_PIXELS) {
                    throw DatasetException.badFile(file, "too large: " + reader.getWidth(0) + "x"
                            + reader.getHeight(0) + " is " + pixels / 1_000_000 + " megapixels, more than the "
                            + MAX_PIXELS / 1_000_000 + " megapixels allowed; scale it down first");
                }
                ImageReadParam param = reader.getDefaultReadParam();
                int step = subsamplingStep(pixels);
                if (step > 1) {
                    param.setSourceSubsampling(step, step, 0, 0);
                }
                return reader.read(0, param);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof DatasetException d) {
                throw d;
            }
            throw notAnImage(file, e);
        }
    }

    /** {@link #read} then {@link #preprocess}. */
    public static float[] load(Path file, ImageShape target) {
        return preprocess(read(file), target);
    }

    /**
     * Turns any image into MNIST-like intensities of the target shape, as described on this class.
     *
     * @return {@code target.pixels()} values in [0, 1], row-major; all zeros for a blank image
     */
    public static float[] preprocess(BufferedImage image, ImageShape target) {
        Grey grey = Grey.of(image);
        if (grey.borderPercentile(MEDIAN) > LIGHT_BACKGROUND) {
            grey.invert();
        }
        float median = grey.borderPercentile(MEDIAN);
        float high = grey.borderPercentile(BACKGROUND_PERCENTILE);
        float background = high - median <= MAX_BORDER_SPREAD ? high : median;
        float[] out = new float[target.pixels()];
        if (!grey.stretch(background)) {
            return out;
        }
        int[] box = grey.foregroundBox();
        if (box == null) {
            return out;
        }
        int top = box[0];
        int left = box[1];
        int boxRows = box[2] - top + 1;
        int boxCols = box[3] - left + 1;
        double scale = Math.min((double) fitRows(target) / boxRows, (double) fitCols(target) / boxCols);
        int rows = Math.clamp(Math.round(boxRows * scale), 1, target.rows());
        int cols = Math.clamp(Math.round(boxCols * scale), 1, target.cols());
        float[] patch = grey.resample(top, left, boxRows, boxCols, rows, cols);
        normaliseToUnitMax(patch);
        placeByCentreOfMass(patch, rows, cols, out, target);
        return out;
    }

    /**
     * An 8-bit greyscale image of the intensities, for previews. Its samples are {@code round(v * 255)}
     * (clamped to [0, 1]); note that {@link BufferedImage#getRGB} of a {@code TYPE_BYTE_GRAY} image maps
     * them through the linear-grey colour space and so returns lighter values.
     */
    public static BufferedImage toBufferedImage(float[] pixels, ImageShape shape) {
        if (pixels.length != shape.pixels()) {
            throw new IllegalArgumentException("expected " + shape.pixels() + " values for " + shape
                    + ", found " + pixels.length);
        }
        BufferedImage image = new BufferedImage(shape.cols(), shape.rows(), BufferedImage.TYPE_BYTE_GRAY);
        int[] samples = new int[pixels.length];
        for (int i = 0; i < pixels.length; i++) {
            samples[i] = Math.round(Math.clamp(pixels[i], 0f, 1f) * UnitBytes.BYTE_MAX);
        }
        image.getRaster().setSamples(0, 0, shape.cols(), shape.rows(), 0, samples);
        return image;
    }

    static int fitRows(ImageShape target) {
        return Math.max(1, (int) Math.round(target.rows() * FIT_FRACTION));
    }

    static int fitCols(ImageShape target) {
        return Math.max(1, (int) Math.round(target.cols() * FIT_FRACTION));
    }

    /** The subsampling step that brings an image of {@code pixels} to at most {@link #SUBSAMPLE_ABOVE_PIXELS}. */
    static int subsamplingStep(long pixels) {
        return pixels <= SUBSAMPLE_ABOVE_PIXELS ? 1 : (int) Math.ceil(Math.sqrt((double) pixels / SUBSAMPLE_ABOVE_PIXELS));
    }

    private static DatasetException notAnImage(Path file, Exception cause) {
        String problem = "not an image ImageIO can decode (" + FORMATS + ")";
        return cause == null ? DatasetException.badFile(file, problem)
                : DatasetException.badFile(file, problem + ": " + cause.getMessage(), cause);
    }

    /** Scales the values so that the brightest is 1, as in MNIST; reducing thin strokes would leave them dim. */
    private static void normaliseToUnitMax(float[] patch) {
        float max = 0f;
        for (float v : patch) {
            max = Math.max(max, v);
        }
        if (max > 0f) {
            for (int i = 0; i < patch.length; i++) {
                patch[i] = Math.min(1f, patch[i] / max);
            }
        }
    }

    /**
     * Copies the patch into {@code out} so that the patch's centre of mass lands on pixel (rows/2, cols/2),
     * (14, 14) for 28x28, where the centres of mass of MNIST digits lie on average.
     */
    private static void placeByCentreOfMass(float[] patch, int rows, int cols, float[] out, ImageShape target) {
        double mass = 0;
        double sumRow = 0;
        double sumCol = 0;
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                float v = patch[r * cols + c];
                mass += v;
                sumRow += v * r;
                sumCol += v * c;
            }
        }
        double comRow = mass > 0 ? sumRow / mass : (rows - 1) / 2.0;
        double comCol = mass > 0 ? sumCol / mass : (cols - 1) / 2.0;
        int top = Math.clamp(Math.round(target.rows() / 2.0 - comRow), 0, target.rows() - rows);
        int left = Math.clamp(Math.round(target.cols() / 2.0 - comCol), 0, target.cols() - cols);
        for (int r = 0; r < rows; r++) {
            System.arraycopy(patch, r * cols, out, (top + r) * target.cols() + left, cols);
        }
    }

    /** A mutable greyscale working image with intensities in [0, 1]. */
    private static final class Grey {
        private final float[] v;
        private final int width;
        private final int height;

        private Grey(float[] v, int width, int height) {
            this.v = v;
            this.width = width;
            this.height = height;
        }

        /** The luminance of the image, area-averaged by whole k x k blocks to at most WORK_MAX_SIDE. */
        static Grey of(BufferedImage image) {
            int w = image.getWidth();
            int h = image.getHeight();
            int k = Math.max(1, Math.ceilDiv(Math.max(w, h), WORK_MAX_SIDE));
            int ww = Math.ceilDiv(w, k);
            int wh = Math.ceilDiv(h, k);
            float[] sums = new float[ww * wh];
            RowReader rows = RowReader.of(image);
            float[] row = new float[w];
            for (int y = 0; y < h; y++) {
                rows.read(y, row);
                int base = (y / k) * ww;
                for (int block = 0, x = 0; block < ww; block++) {
                    int end = Math.min(w, x + k);
                    float sum = 0f;
                    for (; x < end; x++) {
                        sum += row[x];
                    }
                    sums[base + block] += sum;
                }
            }
            for (int wy = 0; wy < wh; wy++) {
                int blockRows = Math.min(k, h - wy * k);
                for (int wx = 0; wx < ww; wx++) {
                    int blockCols = Math.min(k, w - wx * k);
                    sums[wy * ww + wx] /= blockRows * blockCols;
                }
            }
            return new Grey(sums, ww, wh);
        }

        /** The given fraction (0..1) of the way up the sorted border pixels. */
        float borderPercentile(double fraction) {
            float[] border = new float[width == 1 || height == 1 ? width * height : 2 * (width + height) - 4];
            int n = 0;
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    if (y == 0 || y == height - 1 || x == 0 || x == width - 1) {
                        border[n++] = v[y * width + x];
                    }
                }
            }
            Arrays.sort(border);
            return border[(int) Math.round(fraction * (border.length - 1))];
        }

        void invert() {
            for (int i = 0; i < v.length; i++) {
                v[i] = 1f - v[i];
            }
        }

        /**
         * Maps the background to 0 and the brightest pixel to 1, clearing pixels at or below the
         * foreground threshold. Returns false, changing nothing, when the image is blank.
         */
        boolean stretch(float background) {
            float max = 0f;
            for (float x : v) {
                max = Math.max(max, x);
            }
            if (max - background < MIN_CONTRAST) {
                return false;
            }
            float range = max - background;
            for (int i = 0; i < v.length; i++) {
                float s = Math.clamp((v[i] - background) / range, 0f, 1f);
                v[i] = s > FOREGROUND_THRESHOLD ? s : 0f;
            }
            return true;
        }

        /** {top, left, bottom, right} of the non-zero pixels, inclusive, or null when there are none. */
        int[] foregroundBox() {
            int top = height;
            int left = width;
            int bottom = -1;
            int right = -1;
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    if (v[y * width + x] > 0f) {
                        top = Math.min(top, y);
                        bottom = Math.max(bottom, y);
                        left = Math.min(left, x);
                        right = Math.max(right, x);
                    }
                }
            }
            return bottom < 0 ? null : new int[] {top, left, bottom, right};
        }

        /** The crop at (top, left) of boxRows x boxCols, resampled to rows x cols. */
        float[] resample(int top, int left, int boxRows, int boxCols, int rows, int cols) {
            return Resampler.resample(v, width, top, left, boxRows, boxCols, rows, cols);
        }
    }

    /** Reads one row of an image as luminance in [0, 1], transparent parts composited onto white. */
    private interface RowReader {
        void read(int y, float[] out);

        /** The raw-sample reader where the samples can be used as they are, else one through getRGB. */
        static RowReader of(BufferedImage image) {
            return rawSamplesUsable(image) ? samples(image) : rgb(image);
        }

        /**
         * Grey and sRGB images with integer samples of up to 16 bits are read as raw samples. That is faster
         * than {@code getRGB}, and right for grey: {@code getRGB} maps linear grey to sRGB, which lightens it
         * (a stored 128 would read as 188), whereas image files store grey as displayed.
         */
        private static boolean rawSamplesUsable(BufferedImage image) {
            ColorModel model = image.getColorModel();
            WritableRaster raster = image.getRaster();
            if (model instanceof IndexColorModel || raster.getNumBands() != model.getNumComponents()) {
                return false;
            }
            int type = raster.getDataBuffer().getDataType();
            if (type != DataBuffer.TYPE_BYTE && type != DataBuffer.TYPE_USHORT && type != DataBuffer.TYPE_INT) {
                return false;
            }
            for (int size : raster.getSampleModel().getSampleSize()) {
                if (size > MAX_RAW_SAMPLE_BITS) {
                    return false;
                }
            }
            ColorSpace space = model.getColorSpace();
            int colours = model.getNumColorComponents();
            return colours == 1 && space.getType() == ColorSpace.TYPE_GRAY || colours == 3 && space.isCS_sRGB();
        }

        private static RowReader samples(BufferedImage image) {
            WritableRaster raster = image.getRaster();
            ColorModel model = image.getColorModel();
            int w = image.getWidth();
            int bands = raster.getNumBands();
            int colours = model.getNumColorComponents();
            float[] weights = colours == 1 ? new float[] {1f} : new float[] {RED_WEIGHT, GREEN_WEIGHT, BLUE_WEIGHT};
            float[] unit = new float[bands];
            for (int b = 0; b < bands; b++) {
                unit[b] = 1f / ((1 << raster.getSampleModel().getSampleSize(b)) - 1);
                if (b < colours) {
                    weights[b] *= unit[b];
                }
            }
            boolean alpha = model.hasAlpha();
            boolean premultiplied = model.isAlphaPremultiplied();
            int[] row = new int[w * bands];
            return (y, out) -> {
                raster.getPixels(0, y, w, 1, row);
                for (int x = 0, i = 0; x < w; x++, i += bands) {
                    float lum = 0f;
                    for (int b = 0; b < colours; b++) {
                        lum += weights[b] * row[i + b];
                    }
                    float opacity = alpha ? row[i + colours] * unit[colours] : 1f;
                    out[x] = (premultiplied ? lum : opacity * lum) + (1f - opacity);
                }
            };
        }

        private static RowReader rgb(BufferedImage image) {
            int w = image.getWidth();
            int[] argb = new int[w];
            return (y, out) -> {
                image.getRGB(0, y, w, 1, argb, 0, w);
                for (int x = 0; x < w; x++) {
                    int p = argb[x];
                    float opacity = (p >>> 24) / UnitBytes.BYTE_MAX;
                    float lum = (RED_WEIGHT * (p >> 16 & BYTE_MASK) + GREEN_WEIGHT * (p >> 8 & BYTE_MASK)
                            + BLUE_WEIGHT * (p & BYTE_MASK)) / UnitBytes.BYTE_MAX;
                    out[x] = opacity * lum + (1f - opacity);
                }
            };
        }
    }
}
