package latentlab.app.bench;

import latentlab.core.model.ModelCatalog;
import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.beans.value.ChangeListener;
import javafx.scene.control.Slider;
import javafx.scene.image.ImageView;
import javafx.stage.Stage;
import latentlab.app.App;
import latentlab.app.AppContext;
import latentlab.app.AppOptions;
import latentlab.app.DatasetSource;
import latentlab.app.MainWindow;
import latentlab.app.common.BackgroundExecutors;
import latentlab.app.chart.LossSeries;
import latentlab.app.common.FileDialogs;
import latentlab.app.common.ProcessClock;
import latentlab.app.train.TrainingState;
import latentlab.core.data.DataLocator;
import latentlab.core.data.Dataset;
import latentlab.core.data.DatasetCatalog;
import latentlab.core.model.EpochRecord;
import latentlab.core.model.Model;
import latentlab.core.train.NativeThreads;
import latentlab.core.train.ThreadPriority;
import latentlab.core.train.TrainConfig;
import latentlab.core.train.Trainer;
import latentlab.core.train.TrainingListener;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * {@code latentlab app-bench}: runs the real window headless and prints
 * <ul>
 *   <li>slider to screen: from a slider event to the first pulse that shows the decoded image, median and
 *       p99 (target under 16 ms);</li>
 *   <li>the longest gap between two FX pulses while training runs in the window (target under 50 ms);</li>
 *   <li>training samples/s in the window (manifold, latent map and chart all live) divided by the CLI's
 *       for the same model and data (target at least 0.9): the median of the rounds' ratios, each round
 *       one app run and one CLI run side by side in time, so that the machine's drift between rounds
 *       cancels; the ratio of the medians is printed too;</li>
 *   <li>the time from the JVM's start to a usable window with its model loaded.</li>
 * </ul>
 * Options: {@code --dataset NAME} (default mnist when present, else synthetic), {@code --data-dir DIR},
 * {@code --subset N} training images (default 10000), {@code --epochs N} per measurement (default 8),
 * {@code --rounds N} alternating app and CLI measurements (default 8: each side goes first equally
 * often, as the second run of a round tends to be the faster; and a shared machine's cores slow down
 * and speed up by a third for seconds at a time, so that a round whose two runs fell in different
 * spells is off by that much, and the median of 4 was often moved by two of them), after one CLI-like
 * warm-up, the window's first run (reported apart) and another CLI-like run, not measured; each run is
 * followed by a wait for the views' and the JIT's work that it left. {@code --moves N} slider moves
 * (default 200). The last line is {@code key=value} pairs.
 */
public final class AppBench {
    /** The command word. */
    public static final String COMMAND = "app-bench";
    private static final int DEFAULT_SUBSET = 10_000;
    private static final int TEST_IMAGES = 2_000;
    private static final long WAIT_SECONDS = 600;
    private static final long MOVE_TIMEOUT_MILLIS = 2_000;
    private static final long LONG_GAP_NANOS = 50_000_000L;

    private final PrintStream out;
    private final BenchOptions options;
    private MainWindow window;
    private BackgroundExecutors executors;
    private double[] imageSetMs = new double[0];

    private record BenchOptions(String dataset, Optional<Path> dataDir, int subset, int epochs, int rounds, int moves) {
    }

    private AppBench(PrintStream out, BenchOptions options) {
        this.out = out;
        this.options = options;
    }

    /** Runs the benchmark; returns the exit code. */
    public static int run(List<String> args, PrintStream out, PrintStream err) {
        BenchOptions options;
        try {
            options = parse(args);
        } catch (IllegalArgumentException e) {
            err.println("latentlab " + COMMAND + ": " + e.getMessage());
            return 2;
        }
        System.setProperty("glass.platform", System.getProperty("glass.platform", "Headless"));
        System.setProperty("prism.order", System.getProperty("prism.order", "sw"));
        try {
            new AppBench(out, options).measure();
            return 0;
        } catch (RuntimeException | InterruptedException e) {
            err.println("latentlab " + COMMAND + ": " + e);
            return 1;
        }
    }

    private static BenchOptions parse(List<String> args) {
        DataLocator probe;
        String dataset = null;
        Optional<Path> dataDir = Optional.empty();
        int subset = DEFAULT_SUBSET;
        int epochs = 8;
        int rounds = 8;
        int moves = 200;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (i + 1 >= args.size()) {
                throw new IllegalArgumentException("option " + a + " needs a value");
            }
            String v = args.get(++i);
            switch (a) {
                case "--dataset" -> dataset = v;
                case "--data-dir" -> dataDir = Optional.of(Path.of(v));
                case "--subset" -> subset = Integer.parseInt(v);
                case "--epochs" -> epochs = Integer.parseInt(v);
                case "--rounds" -> rounds = Integer.parseInt(v);
                case "--moves" -> moves = Integer.parseInt(v);
                default -> throw new IllegalArgumentException("unknown option '" + a + "'");
            }
        }
        probe = DataLocator.forThisUser(dataDir);
        if (dataset == null) {
            dataset = DatasetCatalog.present(DatasetCatalog.MNIST, probe) ? DatasetCatalog.MNIST : DatasetCatalog.SYNTHETIC;
        }
        return new BenchOptions(dataset, dataDir, subset, epochs, rounds, moves);
    }

    private void measure() throws InterruptedException {
        DatasetSource source = DatasetSource.catalog(DataLocator.forThisUser(options.dataDir()))
                .limitedTo(options.subset(), TEST_IMAGES);
        AppOptions appOptions = new AppOptions(Optional.empty(), Optional.of(options.dataset()), options.dataDir(), 0,
                false, false);
        NativeThreads.use(BackgroundExecutors.nativeThreads());                    // as Main does, before JavaFX
        NativeThreads.useForTraining(BackgroundExecutors.trainingThreads());
        App.choosePulseRate();
        ThreadPriority.lowerCompilerThreads(ThreadPriority.COMPILER_NICE);          // behind the window, ahead of training
        executors = BackgroundExecutors.create();
        CountDownLatch started = new CountDownLatch(1);
        Platform.startup(() -> {
            window = new MainWindow(new AppContext(executors.threads(Platform::runLater), source,
                    Optional.of(NO_DIALOGS), appOptions, ModelCatalog.forThisUser()));
            window.show(new Stage());
            started.countDown();
        });
        started.await();
        waitFor("a usable window", () -> window.training().state() == TrainingState.READY
                && window.manifold().viewModel().renderedProperty().get() != null
                && window.editor().viewModel().decodedProperty().get() != null
                && window.latentMap().viewModel().pointsProperty().get() != null);
        double launchMs = ProcessClock.millisSinceStart();
        String model = onFx(() -> window.training().modelDescriptionProperty().get());
        out.printf(Locale.ROOT, "Latent Lab app benchmark: %s on %s (%,d training images), %d cores (training threads:"
                        + " app %d, CLI %d), headless%n", model, options.dataset(), options.subset(), NativeThreads.available(),
                BackgroundExecutors.trainingThreads(), NativeThreads.available());
        out.printf(Locale.ROOT, "launch to usable window with the model loaded: %.0f ms (from the process's start)%n", launchMs);

        double[] slider = sliderToScreen();
        out.printf(Locale.ROOT, "slider to screen (%d moves): median %.2f ms, p99 %.2f ms (target < 16 ms);"
                        + " of which event to decoded image set: median %.2f ms, p99 %.2f ms%n", slider.length,
                percentile(slider, 50), percentile(slider, 99), percentile(imageSetMs, 50), percentile(imageSetMs, 99));

        // one unmeasured run first: the first training in a process also compiles the trainer's code and
        // faults in its memory, which made the first measured round of either side up to a third slower
        out.println("warming up the trainer (one CLI-like run, not measured)");
        trainLikeCli();
        settled();
        // the window's first run after launch, reported apart: while it runs, the JIT compiler is still
        // compiling the window's own code (the chart, the renderer's paths), one core's worth for about
        // two seconds, and the software renderer's frames take longer until it is done
        out.println("the window's first run after launch (JIT still compiling the window's code; not in the summary)");
        double[] first = trainInApp();
        out.printf(Locale.ROOT, "first run: app %,.0f samples/s, longest pulse gap %.1f ms%n", first[0], first[1]);
        // the window's run and the CLI's share the trainer's code, and the JIT recompiles some of it for each
        // kind of run that follows the other (0.5-0.6 s of the JIT's CPU in the CLI run after the window's first);
        // with this run, as many measured runs of either kind follow a run of the other kind (two of four)
        out.println("the CLI's run again after the window's (not measured)");
        trainLikeCli();
        settled();
        List<Double> appRates = new ArrayList<>();
        List<Double> cliRates = new ArrayList<>();
        List<Double> ratios = new ArrayList<>();
        double maxGap = 0;
        for (int r = 0; r < options.rounds(); r++) {
            // the CLI goes first in odd rounds and second in even ones, so that neither side always
            // follows the other
            boolean cliFirst = r % 2 == 0;
            double cli = cliFirst ? trainLikeCliReported() : 0;
            double[] app = trainInApp();
            appRates.add(app[0]);
            maxGap = Math.max(maxGap, app[1]);
            if (!cliFirst) {
                cli = trainLikeCliReported();
            }
            cliRates.add(cli);
            ratios.add(app[0] / cli);
            out.printf(Locale.ROOT, "round %d (%s first): app %,.0f samples/s (longest pulse gap %.1f ms), CLI %,.0f"
                            + " samples/s, ratio %.2f%n", r + 1, cliFirst ? "CLI" : "app", app[0], app[1], cli, app[0] / cli);
        }
        double appRate = median(appRates);
        double cliRate = median(cliRates);
        double ratio = median(ratios);
        out.printf(Locale.ROOT, "longest gap between FX pulses while training: %.1f ms (target < 50 ms; the first run"
                + " after launch: %.1f ms)%n", maxGap, first[1]);
        out.printf(Locale.ROOT, "training: app / CLI %.2f, the median of the rounds' ratios (target >= 0.9); medians"
                + " app %,.0f samples/s, CLI %,.0f samples/s, their ratio %.2f%n", ratio, appRate, cliRate, appRate / cliRate);
        Map<String, Object> kv = new LinkedHashMap<>();
        kv.put("slider_to_screen_median_ms", percentile(slider, 50));
        kv.put("slider_to_screen_p99_ms", percentile(slider, 99));
        kv.put("slider_to_image_median_ms", percentile(imageSetMs, 50));
        kv.put("max_pulse_gap_ms", maxGap);
        kv.put("first_run_max_pulse_gap_ms", first[1]);
        kv.put("app_samples_per_s", appRate);
        kv.put("cli_samples_per_s", cliRate);
        kv.put("app_over_cli", ratio);
        kv.put("app_over_cli_of_medians", appRate / cliRate);
        kv.put("launch_to_usable_ms", launchMs);
        kv.put("dataset", options.dataset());
        List<String> parts = new ArrayList<>();
        kv.forEach((k, v) -> parts.add(k + "=" + (v instanceof Double d ? String.format(Locale.ROOT, "%.2f", d) : v)));
        out.println(String.join(" ", parts));
        onFx(() -> {
            window.shutdown();
            return null;
        });
        executors.shutdown(5_000);
        Platform.exit();
    }

    /**
     * Moves the first slider {@code moves} times, each time waiting until a pulse has shown the
     * decoded image, and returns the milliseconds from the slider's event to that pulse.
     */
    private double[] sliderToScreen() throws InterruptedException {
        Slider slider = onFx(() -> (Slider) window.root().lookup("#z0"));
        ImageView decoded = onFx(() -> (ImageView) window.root().lookup("#editor-decoded"));
        // each move's wait ends when the pulse that shows its image completes this (not polled: polling took
        // a core's time slices beside the FX thread and the renderer, on two cores, in the figure measured)
        AtomicReference<CompletableFuture<Long>> shown = new AtomicReference<>(new CompletableFuture<>());
        AtomicLong imageSetAt = new AtomicLong();
        onFx(() -> {
            decoded.imageProperty().addListener(o -> imageSetAt.set(System.nanoTime()));
            window.root().getScene().addPostLayoutPulseListener(() -> {
                if (imageSetAt.get() != 0) {
                    shown.get().complete(System.nanoTime());
                }
            });
            return null;
        });
        double[] ms = new double[options.moves()];
        double[] set = new double[options.moves()];
        int done = 0;
        for (int i = 0; i < options.moves(); i++) {
            double value = 2.5 * Math.sin(i * 0.37);
            CompletableFuture<Long> moved = new CompletableFuture<>();
            CompletableFuture<Long> shownNow = new CompletableFuture<>();
            Platform.runLater(() -> {
                imageSetAt.set(0);
                shown.set(shownNow);
                long t0 = System.nanoTime();
                slider.setValue(value);
                moved.complete(t0);
            });
            long t0 = join(moved);
            try {
                long shownAt = shownNow.get(MOVE_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
                set[done] = (imageSetAt.get() - t0) / 1e6;
                ms[done++] = (shownAt - t0) / 1e6;
            } catch (TimeoutException e) {
                // not shown within the time allowed: left out, as before (the count printed says so)
            } catch (ExecutionException e) {
                throw new IllegalStateException(e);
            }
        }
        imageSetMs = Arrays.copyOf(set, done);
        return Arrays.copyOf(ms, done);
    }

    /**
     * Trains in the window; returns {samples/s over the run's epochs, longest pulse gap in ms}. It also
     * prints how the gaps came about: the FX thread's CPU time within the longest gap and the most it
     * used between any two pulses (a long gap with little FX CPU means the thread was waiting: for
     * the renderer, a garbage collection, or a core), the renderer thread's CPU and the collector's
     * pauses within that gap, and how many gaps were over 50 ms.
     */
    private double[] trainInApp() throws InterruptedException {
        PulseWatch pulses = new PulseWatch();
        // the run's end is awaited, not polled: polling from here (a round trip through the FX thread every
        // 20 ms) was counted as the window's CPU (this thread was listed at 0.05-0.07 CPU-s in 6 of 40 window
        // runs), which the CLI's side, joined, did not pay
        CountDownLatch ended = new CountDownLatch(1);
        ChangeListener<TrainingState> onEnd = (obs, was, is) -> {
            if (is == TrainingState.READY) {
                ended.countDown();
            }
        };
        Map<String, Long> cpuBefore = cpuByThreadGroup();
        int before = onFx(() -> {
            window.training().settings().epochsProperty().set(options.epochs());
            pulses.runStart = System.nanoTime();
            pulses.start();
            int epochs = window.chart().chart().history().size(LossSeries.TEST);
            window.training().stateProperty().addListener(onEnd);
            window.training().train();
            return epochs;
        });
        boolean done = ended.await(WAIT_SECONDS, TimeUnit.SECONDS);
        int after = onFx(() -> {
            pulses.stop();
            window.training().stateProperty().removeListener(onEnd);
            return window.chart().chart().history().size(LossSeries.TEST);
        });
        if (!done || after < before + options.epochs()) {
            throw new IllegalStateException(done ? "the run in the window ended after " + (after - before) + " of "
                    + options.epochs() + " epochs" : "timed out waiting for training in the window");
        }
        reportCpu(cpuBefore, "the app run");
        settled();
        out.printf(Locale.ROOT, "  pulses: %d gaps, %d over 50 ms; the longest ended %.2f s after Train; within it the"
                        + " FX thread's CPU %.1f ms, the renderer's %.1f ms, collector pauses %d ms; at most %.1f ms of"
                        + " FX CPU between two pulses%n", pulses.gaps, pulses.longGaps, pulses.maxGapAt / 1e9,
                pulses.fxCpuInMaxGap / 1e6, pulses.rendererCpuInMaxGap / 1e6, pulses.pausesInMaxGap,
                pulses.maxFxCpu / 1e6);
        double trainingSeconds = (pulses.lastTrainingPulse - pulses.firstTrainingPulse) / 1e9;
        long redraws = pulses.redrawsAtLast - pulses.redrawsAtFirst;
        out.printf(Locale.ROOT, "  the manifold was redrawn %d times in %.1f s of training (%.1f a second)%n", redraws,
                trainingSeconds, redraws / Math.max(trainingSeconds, 1e-9));
        Model model = onFx(() -> window.workspace().session().model());
        int n = onFx(() -> window.workspace().session().dataset().train().size());
        return new double[] {samplesPerSecond(model.history(), options.epochs(), n), pulses.maxGap / 1e6};
    }

    /**
     * Watches the FX pulses of one training run in the window: the gaps between them while training runs,
     * and within the longest, the FX thread's CPU, the renderer's and the collector's pauses; also the
     * manifold's redraws. Its fields are the FX thread's while it runs; they are read after it is stopped
     * there.
     */
    private final class PulseWatch extends AnimationTimer {
        private final java.lang.management.ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        private final long renderer = threadId("QuantumRenderer");
        long runStart;
        private long last;
        private long lastFxCpu;
        private long lastRendererCpu;
        private long lastPauses;
        long gaps;
        long longGaps;
        long maxGap;
        long maxGapAt;
        long fxCpuInMaxGap;
        long rendererCpuInMaxGap;
        long pausesInMaxGap;
        long maxFxCpu;
        long firstTrainingPulse;
        long lastTrainingPulse;
        long redrawsAtFirst;
        long redrawsAtLast;

        @Override
        public void handle(long now) {
            long fxCpu = mx.getCurrentThreadCpuTime();
            long rendererCpu = renderer < 0 ? 0 : mx.getThreadCpuTime(renderer);
            long pauses = collectorPauseMillis();
            if (window.training().state() == TrainingState.TRAINING) {
                int redraws = window.manifold().viewModel().redrawsProperty().get();
                if (firstTrainingPulse == 0) {
                    firstTrainingPulse = now;
                    redrawsAtFirst = redraws;
                }
                lastTrainingPulse = now;
                redrawsAtLast = redraws;
                if (last != 0) {
                    long gap = now - last;
                    gaps++;
                    if (gap > LONG_GAP_NANOS) {
                        longGaps++;
                    }
                    if (gap > maxGap) {
                        maxGap = gap;
                        maxGapAt = now - runStart;
                        fxCpuInMaxGap = fxCpu - lastFxCpu;
                        rendererCpuInMaxGap = rendererCpu - lastRendererCpu;
                        pausesInMaxGap = pauses - lastPauses;
                    }
                    maxFxCpu = Math.max(maxFxCpu, fxCpu - lastFxCpu);
                }
            }
            last = now;
            lastFxCpu = fxCpu;
            lastRendererCpu = rendererCpu;
            lastPauses = pauses;
        }
    }

    private double trainLikeCliReported() throws InterruptedException {
        Map<String, Long> before = cpuByThreadGroup();
        double rate = trainLikeCli();
        reportCpu(before, "the CLI run");
        settled();
        return rate;
    }

    /**
     * Trains a copy of the window's model the way the CLI does, on its own thread, with no listener and
     * the CLI's native threads (every core; the setting is process-wide, so it is put back after).
     */
    private double trainLikeCli() {
        NativeThreads.use(NativeThreads.available());
        NativeThreads.useForTraining(NativeThreads.available());
        try {
            return trainLikeCliNow();
        } finally {
            NativeThreads.use(BackgroundExecutors.nativeThreads());
            NativeThreads.useForTraining(BackgroundExecutors.trainingThreads());
        }
    }

    private double trainLikeCliNow() {
        Dataset data = onFx(() -> window.workspace().session().dataset());
        Model model = onFx(() -> window.workspace().session().model()).snapshot();
        ExecutorService thread = Executors.newSingleThreadExecutor(BackgroundExecutors.named("latentlab-train-cli"));
        try {
            TrainConfig config = new TrainConfig(options.epochs(), TrainConfig.DEFAULT_BATCH,
                    TrainConfig.DEFAULT_LEARNING_RATE, 0, TrainConfig.DEFAULT_SEED);
            new Trainer(thread).start(model, data, config, TrainingListener.NONE).outcome().join();
        } finally {
            thread.shutdown();
        }
        return samplesPerSecond(model.history(), options.epochs(), data.train().size());
    }

    /**
     * Waits until the work that follows a run is done, so that it does not fall into the next run: the
     * views' end-of-run redraw after a window run (the whole test set encoded, with ND4J), and after either
     * kind the JIT compiling what the run made hot (after the window's first run, 0.5-0.6 s of the JIT's
     * CPU fell into the next run, a CLI one, slowing it for the window's sake). Done when the views' workers
     * and the JIT compilers have used no CPU for 0.3 s, or after 20 s.
     */
    private static void settled() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        long last = viewsCpu() + jitCpu();
        long quietSince = System.nanoTime();
        while (System.nanoTime() < deadline && System.nanoTime() - quietSince < 300_000_000L) {
            Thread.sleep(50);
            long now = viewsCpu() + jitCpu();
            if (now - last > 1_000_000L) {
                quietSince = System.nanoTime();
            }
            last = now;
        }
    }

    /** CPU nanoseconds of the JIT compiler threads so far (in 10 ms ticks; 0 where unknown). */
    private static long jitCpu() {
        Map<String, Long> jvm = new java.util.HashMap<>();
        jvmThreadsCpu(jvm);
        return jvm.getOrDefault(JIT_GROUP, 0L);
    }

    /** CPU nanoseconds of the views' worker threads so far. */
    private static long viewsCpu() {
        java.lang.management.ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long total = 0;
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("latentlab-render")) {
                total += Math.max(0, mx.getThreadCpuTime(t.threadId()));
            }
        }
        return total;
    }

    /** The id of the first live thread whose name starts with {@code prefix}, or -1. */
    private static long threadId(String prefix) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith(prefix))
                .mapToLong(Thread::threadId).findFirst().orElse(-1);
    }

    /**
     * The collectors whose collections stop the application (G1's young and mixed pauses, full GCs), looked
     * up once: the lookup walks the platform's MBeans, and the pulse watcher asks every pulse (it was a
     * quarter of the FX thread's samples while training, work the CLI's runs did not have).
     */
    private static final List<java.lang.management.GarbageCollectorMXBean> PAUSING_COLLECTORS =
            ManagementFactory.getGarbageCollectorMXBeans().stream().filter(gc -> !gc.getName().contains("Concurrent"))
                    .toList();

    /** Milliseconds the collectors have stopped the application so far. */
    private static long collectorPauseMillis() {
        long ms = 0;
        for (java.lang.management.GarbageCollectorMXBean gc : PAUSING_COLLECTORS) {
            ms += Math.max(0, gc.getCollectionTime());
        }
        return ms;
    }

    /** The group of the JIT compiler threads in {@link #cpuByThreadGroup()}. */
    private static final String JIT_GROUP = "JIT compilers (JVM)";
    /** The key of the process's own CPU time in {@link #cpuByThreadGroup()}. */
    private static final String PROCESS = "(process)";

    /**
     * CPU time of the process's live threads, grouped by name with numbers dropped ("latentlab-render"),
     * and of the whole process under {@link #PROCESS}, ended threads included.
     */
    private static Map<String, Long> cpuByThreadGroup() {
        java.lang.management.ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        Map<String, Long> cpu = new java.util.TreeMap<>();
        for (java.lang.management.ThreadInfo info : mx.getThreadInfo(mx.getAllThreadIds())) {
            if (info != null) {
                long t = mx.getThreadCpuTime(info.getThreadId());
                if (t > 0) {
                    cpu.merge(info.getThreadName().replaceAll("[-_ ]?\\d+$", ""), t, Long::sum);
                }
            }
        }
        jvmThreadsCpu(cpu);
        cpu.put(PROCESS, ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime());
        return cpu;
    }

    /**
     * Adds the JVM's own threads, which Java does not list: the JIT compilers, the collector, the VM
     * thread; from {@code /proc/self/task} on Linux (in clock ticks, 10 ms), nothing elsewhere.
     */
    private static void jvmThreadsCpu(Map<String, Long> cpu) {
        Path tasks = Path.of("/proc/self/task");
        if (!Files.isDirectory(tasks)) {
            return;
        }
        try (Stream<Path> all = Files.list(tasks)) {
            for (Path task : (Iterable<Path>) all::iterator) {
                try {
                    String comm = Files.readString(task.resolve("comm")).strip();
                    String group = ThreadPriority.isCompilerThread(comm) ? JIT_GROUP
                            : comm.startsWith("GC ") || comm.startsWith("G1 ") ? "collector (JVM)"
                            : comm.equals("VM Thread") ? "VM thread (JVM)" : null;
                    if (group == null) {
                        continue;
                    }
                    String stat = Files.readString(task.resolve("stat"));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);                 // utime, stime
                    cpu.merge(group, ticks * 10_000_000L, Long::sum);
                } catch (IOException | RuntimeException e) {
                    // the thread ended while it was read
                }
            }
        } catch (IOException e) {
            // no figures for the JVM's threads
        }
    }

    /**
     * Prints the process's CPU seconds since {@code before} and each thread group's, largest first. Threads
     * that ended within that time (a run's training helpers, the CLI's trainer) are no longer listed by
     * name; what they used is the process's time less the listed threads', printed as such.
     */
    private void reportCpu(Map<String, Long> before, String during) {
        Map<String, Long> after = cpuByThreadGroup();
        Map<String, Long> used = new java.util.HashMap<>();
        after.forEach((group, t) -> {
            if (!group.equals(PROCESS)) {
                used.put(group, Math.max(0, t - before.getOrDefault(group, 0L)));
            }
        });
        long process = after.get(PROCESS) - before.get(PROCESS);
        long listed = used.values().stream().mapToLong(Long::longValue).sum();
        if (process - listed > 0) {
            used.put("threads that ended during it", process - listed);
        }
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "  CPU seconds during %s: the process %.2f;"
                + " by thread:", during, process / 1e9));
        used.entrySet().stream()
                .filter(e -> e.getValue() > 50_000_000L)
                .sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
                .forEach(e -> sb.append(String.format(Locale.ROOT, " %s %.2f;", e.getKey(), e.getValue() / 1e9)));
        out.println(sb);
    }

    private static double samplesPerSecond(List<EpochRecord> history, int epochs, int n) {
        double seconds = history.subList(history.size() - epochs, history.size()).stream()
                .mapToDouble(EpochRecord::seconds).sum();
        return epochs * (double) n / seconds;
    }

    private static <T> T onFx(Supplier<T> task) {
        CompletableFuture<T> f = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                f.complete(task.get());
            } catch (RuntimeException e) {
                f.completeExceptionally(e);
            }
        });
        return join(f);
    }

    private static <T> T join(CompletableFuture<T> f) {
        try {
            return f.get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the window did not answer: " + e, e);
        }
    }

    private static void waitFor(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (!onFx(condition::getAsBoolean)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    static double percentile(double[] values, double p) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int i = (int) Math.ceil(p / 100 * sorted.length) - 1;
        return sorted[Math.clamp(i, 0, sorted.length - 1)];
    }

    /** The median; of an even number of values, the mean of the middle two. */
    static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int m = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
    }

    /** The benchmark opens and saves nothing. */
    private static final FileDialogs NO_DIALOGS = new FileDialogs() {
        @Override
        public Optional<Path> open(String title, Kind kind) {
            return Optional.empty();
        }

        @Override
        public Optional<Path> save(String title, Kind kind, String suggestedName) {
            return Optional.empty();
        }

        @Override
        public Optional<Path> folder(String title) {
            return Optional.empty();
        }
    };
}
