package latentlab.app.compare;

import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import latentlab.app.DatasetSource;
import latentlab.app.chart.LossHistory;
import latentlab.app.common.LatestWins;
import latentlab.app.common.Message;
import latentlab.app.common.MessageSink;
import latentlab.app.common.Threads;
import latentlab.core.data.Dataset;
import latentlab.core.data.DatasetCatalog;
import latentlab.core.model.Activation;
import latentlab.core.model.DecoderKind;
import latentlab.core.model.Model;
import latentlab.core.model.ModelConfig;
import latentlab.core.model.ModelFile;
import latentlab.core.model.ModelKind;
import latentlab.core.train.TrainConfig;
import latentlab.core.train.Trainer;
import latentlab.core.train.TrainingEvent;
import latentlab.core.train.TrainingOutcome;
import latentlab.core.train.TrainingRun;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The Compare view without its controls: one dataset, an AE and a VAE of the same architecture trained
 * with the same data, seed and epochs (one after the other on the training thread), or two saved models;
 * the VAE's beta, continued or retrained; which region the grids cover; and the measurements of both
 * models ({@link CompareRenderer}) on the render thread, latest request wins.
 *
 * <p>The trainers' events are only queued on the training thread; {@link #frame()}, called once per frame
 * by the view, drains them into each side's {@link LossHistory}. Every command returns at once.
 */
public final class CompareViewModel {
    /** The architecture both models share unless the user changes it: the paper's MNIST models. */
    public static final String DEFAULT_HIDDEN = "512";
    /** A short training: enough for the holes to show, about 15 s per model on MNIST on two cores. */
    public static final int DEFAULT_EPOCHS = 5;
    /** The most beta the slider offers. */
    public static final double MAX_BETA = 8;
    /** The seed of both models' weights and of their batch order and noise. */
    public static final long SEED = TrainConfig.DEFAULT_SEED;

    /** One model of the two. */
    public static final class Side {
        private final ModelKind kind;
        private final LossHistory history = new LossHistory();
        private final ReadOnlyObjectWrapper<CompareRenderer.Panel> panel = new ReadOnlyObjectWrapper<>(this, "panel");
        private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper(this, "title", "");
        private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper(this, "summary", "Not measured yet.");
        private volatile Model model;
        private volatile long version;
        private volatile boolean training;
        private int stepsPerEpoch = 1;

        Side(ModelKind kind) {
            this.kind = kind;
            title.set(kind.name());
        }

        public ModelKind kind() {
            return kind;
        }

        /** Every loss point of this model's runs, for its chart. */
        public LossHistory history() {
            return history;
        }

        /** The latest measurement of this model; null until the first one. */
        public ReadOnlyObjectProperty<CompareRenderer.Panel> panelProperty() {
            return panel.getReadOnlyProperty();
        }

        /** "AE 784-512-2, 5 epochs". */
        public ReadOnlyStringProperty titleProperty() {
            return title.getReadOnlyProperty();
        }

        /** Its hole figures: "Holes: 12.3 % of the grid of its sampling rule, ...". */
        public ReadOnlyStringProperty summaryProperty() {
            return summary.getReadOnlyProperty();
        }

        /** The live model (the trainer changes its weights in place); null before a dataset is loaded. */
        public Model model() {
            return model;
        }

        void set(Model m) {
            model = m;
            version++;
            updateTitle();
        }

        void updateTitle() {
            Model m = model;
            title.set(m == null ? kind.name() : latentlab.core.explore.compare.Comparison.name(m) + "  "
                    + architecture(m.config()) + ", " + m.epochsTrained() + " epoch" + (m.epochsTrained() == 1 ? "" : "s"));
        }
    }

    /** Two saved models and their dataset, loaded on the I/O thread. */
    private record Loaded(Model ae, Model vae, Dataset data) {
    }

    /** A trainer's event and which side it belongs to. */
    private record Tagged(Side side, TrainingEvent event) {
    }

    private final Threads threads;
    private final DatasetSource datasets;
    private final MessageSink messages;
    private final Side ae = new Side(ModelKind.AE);
    private final Side vae = new Side(ModelKind.VAE);
    private final Queue<Tagged> events = new ConcurrentLinkedQueue<>();
    private final LatestWins<CompareRenderer.Request, CompareRenderer.Result> renderer;

    private final StringProperty datasetName = new SimpleStringProperty(this, "datasetName", DatasetCatalog.SYNTHETIC);
    private final StringProperty hidden = new SimpleStringProperty(this, "hidden", DEFAULT_HIDDEN);
    private final IntegerProperty epochs = new SimpleIntegerProperty(this, "epochs", DEFAULT_EPOCHS);
    private final DoubleProperty beta = new SimpleDoubleProperty(this, "beta", 1.0);
    private final ObjectProperty<CompareRenderer.Region> region =
            new SimpleObjectProperty<>(this, "region", CompareRenderer.Region.AE_RANGE);
    private final ObjectProperty<double[]> customBox = new SimpleObjectProperty<>(this, "customBox");
    private final ReadOnlyObjectWrapper<Dataset> dataset = new ReadOnlyObjectWrapper<>(this, "dataset");
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(this, "running");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress");
    private final ReadOnlyBooleanWrapper measuring = new ReadOnlyBooleanWrapper(this, "measuring");
    private final ReadOnlyStringWrapper regionText = new ReadOnlyStringWrapper(this, "regionText", "");

    private final List<TrainingRun> runs = new ArrayList<>();
    private long requested;
    private int runsPlanned;
    private int runsFinished;
    private double currentFraction;

    public CompareViewModel(Threads threads, DatasetSource datasets, MessageSink messages) {
        this.threads = Objects.requireNonNull(threads);
        this.datasets = Objects.requireNonNull(datasets);
        this.messages = Objects.requireNonNull(messages);
        this.renderer = new LatestWins<>(threads.render(), threads.ui(), new CompareRenderer()::render, this::show,
                e -> {
                    measuring.set(false);
                    messages.post(Message.error("The comparison could not be measured: " + e.getMessage()));
                });
        region.addListener(o -> measure());
        customBox.addListener(o -> {
            if (region.get() == CompareRenderer.Region.CUSTOM) {
                measure();
            }
        });
    }

    // --- Properties ----------------------------------------------------------------------------

    public Side ae() {
        return ae;
    }

    public Side vae() {
        return vae;
    }

    /** The dataset to load (a catalogue name). */
    public StringProperty datasetNameProperty() {
        return datasetName;
    }

    /** Hidden layer sizes of both models, "512" or "512,256". */
    public StringProperty hiddenProperty() {
        return hidden;
    }

    /** Epochs per training run. */
    public IntegerProperty epochsProperty() {
        return epochs;
    }

    /** The VAE's KL weight for the next run: 0 behaves like an AE, 1 is the VAE. */
    public DoubleProperty betaProperty() {
        return beta;
    }

    /** Which region the grids and heat maps cover. */
    public ObjectProperty<CompareRenderer.Region> regionProperty() {
        return region;
    }

    /** The box drawn by the user, {xLo, xHi, yLo, yHi}, for {@link CompareRenderer.Region#CUSTOM}. */
    public ObjectProperty<double[]> customBoxProperty() {
        return customBox;
    }

    /** The loaded dataset; null before the first one has loaded. */
    public ReadOnlyObjectProperty<Dataset> datasetProperty() {
        return dataset.getReadOnlyProperty();
    }

    /** Whether a training run is in progress. */
    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    /** Whether a dataset or models are loading. */
    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    /** Whether the models are being measured. */
    public ReadOnlyBooleanProperty measuringProperty() {
        return measuring.getReadOnlyProperty();
    }

    /** What is happening, in a few words. */
    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** How much of the planned training is done, 0..1. */
    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    /** A sentence on the region now shown, for its caption. */
    public ReadOnlyStringProperty regionTextProperty() {
        return regionText.getReadOnlyProperty();
    }

    // --- Commands ------------------------------------------------------------------------------

    /** Loads the dataset named by {@link #datasetNameProperty()} and makes two fresh models for it. */
    public void loadDataset() {
        if (running.get() || busy.get()) {
            return;
        }
        String name = datasetName.get();
        busy.set(true);
        status.set("Loading " + name + "\u2026");
        threads.background(threads.io(), () -> datasets.load(name), data -> {
            busy.set(false);
            dataset.set(data);
            try {
                ae.set(fresh(ModelKind.AE, data, 1.0));
                vae.set(fresh(ModelKind.VAE, data, beta.get()));
            } catch (IllegalArgumentException e) {
                messages.post(Message.error(e));
            }
            ae.history().clear();
            vae.history().clear();
            status.set("Loaded " + data.name() + ": " + data.train().size() + " training images. Train both to compare.");
            measure();
        }, e -> {
            busy.set(false);
            status.set("");
            messages.post(Message.error(e));
        });
    }

    /** Trains a fresh AE and a fresh VAE (beta from the slider), same architecture, data, seed and epochs. */
    public void trainBoth() {
        Dataset data = dataset.get();
        if (!canStart(data)) {
            return;
        }
        Model a;
        Model v;
        try {
            a = fresh(ModelKind.AE, data, 1.0);
            v = fresh(ModelKind.VAE, data, beta.get());
        } catch (IllegalArgumentException e) {
            messages.post(Message.error(e));
            return;
        }
        ae.set(a);
        vae.set(v);
        ae.history().clear();
        vae.history().clear();
        measure();
        start(List.of(ae, vae), data);
    }

    /** Trains the VAE further from its current weights with the slider's beta. */
    public void continueVae() {
        Dataset data = dataset.get();
        Model current = vae.model();
        if (!canStart(data) || current == null) {
            return;
        }
        Model m = current.snapshot();
        vae.set(new Model(m.config().withBeta(beta.get()), m.params(), m.datasetName(), m.preprocessing(), m.history(),
                m.optimizerState()));
        start(List.of(vae), data);
    }

    /** Trains a fresh VAE with the slider's beta (the AE stays). */
    public void retrainVae() {
        Dataset data = dataset.get();
        if (!canStart(data)) {
            return;
        }
        try {
            vae.set(fresh(ModelKind.VAE, data, beta.get()));
        } catch (IllegalArgumentException e) {
            messages.post(Message.error(e));
            return;
        }
        vae.history().clear();
        start(List.of(vae), data);
    }

    /** Stops training after the current step; the weights trained so far are kept and measured. */
    public void stop() {
        runs.forEach(TrainingRun::cancel);
    }

    /** Loads a saved AE and a saved VAE, and their dataset if it is not the one loaded. */
    public void loadModels(Path aeFile, Path vaeFile) {
        if (running.get() || busy.get()) {
            return;
        }
        busy.set(true);
        status.set("Loading the two models\u2026");
        Dataset current = dataset.get();
        threads.background(threads.io(), () -> {
            Model a = ModelFile.load(aeFile);
            Model v = ModelFile.load(vaeFile);
            if (a.config().kind() != ModelKind.AE || v.config().kind() != ModelKind.VAE) {
                throw new IllegalArgumentException("Choose an AE first and a VAE second: " + aeFile.getFileName()
                        + " holds " + kindName(a) + " and " + vaeFile.getFileName() + " holds " + kindName(v) + ".");
            }
            Dataset data = current != null && current.name().equals(a.datasetName()) ? current
                    : datasets.load(a.datasetName());
            a.requireCompatible(data);
            v.requireCompatible(data);
            return new Loaded(a, v, data);
        }, loaded -> {
            busy.set(false);
            dataset.set(loaded.data());
            datasetName.set(loaded.data().name());
            for (Side side : List.of(ae, vae)) {
                side.set(side == ae ? loaded.ae() : loaded.vae());
                side.history().clear();
                side.model().history().forEach(side.history()::addEpoch);
            }
            beta.set(Math.min(MAX_BETA, vae.model().config().beta()));
            status.set("Loaded " + aeFile.getFileName() + " and " + vaeFile.getFileName() + ".");
            measure();
        }, e -> {
            busy.set(false);
            status.set("");
            messages.post(Message.error(e));
        });
    }

    /** Measures both models again (off the FX thread; the latest request wins). */
    public void measure() {
        Dataset data = dataset.get();
        Model a = ae.model();
        Model v = vae.model();
        if (data == null || a == null || v == null) {
            return;
        }
        measuring.set(true);
        boolean training = running.get();
        renderer.submit(new CompareRenderer.Request(++requested, data, a, ae.version, training && ae.training, v,
                vae.version, training && vae.training, region.get(), customBox.get()));
    }

    /**
     * Drains the trainers' queued events into the charts and figures; once per frame, on the FX thread.
     *
     * @return whether any event was drained
     */
    public boolean frame() {
        boolean any = false;
        Tagged t;
        while ((t = events.poll()) != null) {
            any = true;
            Side side = t.side();
            switch (t.event()) {
                case TrainingEvent.Iteration it -> {
                    side.history().addIteration(it.iteration(), it.epoch() - 1
                            + (double) ((it.iteration() - 1) % side.stepsPerEpoch + 1) / side.stepsPerEpoch,
                            it.reconstruction(), it.kl(), it.beta());
                    currentFraction = it.fractionDone();
                }
                case TrainingEvent.Epoch ep -> {
                    side.history().addEpoch(ep.record());
                    side.updateTitle();
                }
                case TrainingEvent.Finished f -> finished(side, f.outcome());
            }
        }
        if (running.get()) {
            progress.set(Math.min(1, (runsFinished + currentFraction) / Math.max(1, runsPlanned)));
        }
        return any;
    }

    /** Stops training and measuring; on close. */
    public void shutdown() {
        stop();
        renderer.close();
    }

    // --- Internals -----------------------------------------------------------------------------

    private boolean canStart(Dataset data) {
        if (data == null) {
            messages.post(Message.warning("Load a dataset first."));
            return false;
        }
        return !running.get() && !busy.get();
    }

    private void start(List<Side> sides, Dataset data) {
        TrainConfig tc = new TrainConfig(Math.max(1, epochs.get()), TrainConfig.DEFAULT_BATCH,
                TrainConfig.DEFAULT_LEARNING_RATE, 0, SEED);
        runs.clear();
        runsPlanned = sides.size();
        runsFinished = 0;
        currentFraction = 0;
        progress.set(0);
        running.set(true);
        Trainer trainer = new Trainer(threads.training());
        for (Side side : sides) {
            side.training = true;
            side.stepsPerEpoch = Math.ceilDiv(data.train().size(), Math.min(tc.batchSize(), data.train().size()));
            runs.add(trainer.start(side.model(), data, tc, e -> events.add(new Tagged(side, e))));
        }
        status.set("Training " + String.join(" then ", sides.stream().map(s -> s.kind().name()).toList()) + ", "
                + tc.epochs() + " epoch" + (tc.epochs() == 1 ? "" : "s") + " each\u2026");
    }

    private void finished(Side side, TrainingOutcome outcome) {
        runsFinished++;
        currentFraction = 0;
        side.training = false;
        side.version++;
        side.updateTitle();
        if (outcome.status() == TrainingOutcome.Status.DIVERGED || outcome.status() == TrainingOutcome.Status.FAILED) {
            messages.post(Message.error(side.kind().name() + ": " + outcome.message()));
        }
        if (runsFinished >= runsPlanned) {
            running.set(false);
            progress.set(1);
            boolean cancelled = runs.stream().anyMatch(TrainingRun::isCancelled);
            status.set(cancelled ? "Stopped; the weights trained so far are measured." : "Trained. Measuring the holes\u2026");
        }
        measure();
    }

    private void show(CompareRenderer.Result r) {
        measuring.set(r.request() != requested);                                     // a newer one is on its way
        if (r.data() != dataset.get()) {
            return;                                                                   // from a replaced dataset
        }
        ae.panel.set(r.ae());
        vae.panel.set(r.vae());
        ae.summary.set(r.ae().summary(r.ownRegion()));
        vae.summary.set(r.vae().summary(r.ownRegion()));
        regionText.set(r.regionText());
        if (!running.get() && !busy.get()) {
            status.set(String.format(Locale.ROOT, "Measured in %.1f s.", r.seconds()));
        }
    }

    private Model fresh(ModelKind kind, Dataset data, double b) {
        DecoderKind decoder = data.name().equals(DatasetCatalog.FREY) ? DecoderKind.GAUSSIAN : DecoderKind.BERNOULLI;
        // one seed for the weights and the batches, as the CLI's compare --seed: the window and the command
        // train the same two models
        ModelConfig config = new ModelConfig(kind, data.shape(), parseHidden(hidden.get()), 2, Activation.RELU, decoder,
                kind == ModelKind.VAE ? b : 1.0, SEED);
        return Model.initialise(config, data);
    }

    static List<Integer> parseHidden(String text) {
        List<Integer> sizes = new ArrayList<>();
        for (String part : text.split("[,\\s]+")) {
            if (part.isBlank()) {
                continue;
            }
            try {
                int h = Integer.parseInt(part.strip());
                if (h < 1) {
                    throw new NumberFormatException();
                }
                sizes.add(h);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("Hidden layers take positive whole numbers separated by commas,"
                        + " such as 512 or 512,256; found '" + text + "'.");
            }
        }
        return sizes;
    }

    private static String kindName(Model m) {
        return m.config().kind() == ModelKind.AE ? "an AE" : "a VAE";
    }

    static String architecture(ModelConfig c) {
        String d = c.describe();
        int space = d.indexOf(' ');
        int next = d.indexOf(' ', space + 1);
        return d.substring(space + 1, next > 0 ? next : d.length());
    }
}
